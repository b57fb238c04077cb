"""Co-editing core: pycrdt documents per idea, their update log and group commit.

No Flask or Socket.IO in here: the realtime edge adapts these to events.
"""
