"""Anonymous contributions: post, take back, hide, export, under per-session pseudonyms."""
