"""A strategy's process across its events (issue 13, docs/process.md): strategies and their
members, carrying drafts to the next event, the follow-up of ideas, whose voice is missing
and each organisation's role. Domain only: no Flask here; callers commit."""
