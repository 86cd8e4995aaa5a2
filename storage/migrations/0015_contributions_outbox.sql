-- Contribution posts go through the one notices outbox (0009) instead of their own
-- `synced` flag: what was still waiting moves there, then the flag and its index go.
-- The notices carry no text and no person: the post is rendered from the contribution row
-- when it is sent (owner_id stays NULL: there is nobody to tell, and no author to name).

INSERT INTO notices (guild_id, kind, subject_id, audience, target_id, dedupe, channel_id,
                     message_id, payload, created_at)
SELECT guild_id,
       CASE status WHEN 'shown' THEN 'contribution.post'
                   WHEN 'hidden' THEN 'contribution.hidden'
                   ELSE 'contribution.delete' END,
       id,
       CASE status WHEN 'shown' THEN 'channel'
                   WHEN 'hidden' THEN 'edit'
                   ELSE 'delete' END,
       channel_id,
       CASE status WHEN 'shown' THEN '' ELSE CAST(message_id AS TEXT) END,
       channel_id,
       message_id,
       '{}',
       created_at
FROM contributions
WHERE synced = 0 AND (status = 'shown') = (message_id IS NULL)
ON CONFLICT (kind, subject_id, target_id, dedupe) DO NOTHING;

DROP INDEX contributions_unsynced;
ALTER TABLE contributions DROP COLUMN synced;
