-- The coordinators' "unclear" notice moves onto the notices outbox (0009). The prompts
-- column unclear_notice now only records that the notice was queued ('sent'); a notice
-- still 'pending' under the old scheme is queued in the outbox here, to the poster.
INSERT INTO notices (guild_id, kind, subject_id, audience, target_id, dedupe, channel_id,
                     payload, created_at)
SELECT guild_id,
       'prompt.unclear',
       id,
       'member',
       created_by,
       '',
       channel_id,
       json_object('channel_id', channel_id, 'message_id', message_id, 'count', 3),
       strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
FROM prompts
WHERE unclear_notice = 'pending'
ON CONFLICT (kind, subject_id, target_id, dedupe) DO NOTHING;
UPDATE prompts SET unclear_notice = 'sent' WHERE unclear_notice IN ('pending', 'failed');
DROP INDEX prompts_unclear_pending;
