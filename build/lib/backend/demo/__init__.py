"""The demo organisation "Demo BV", for trying Ritme and for the browser tests."""
