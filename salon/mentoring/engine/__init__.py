"""The pure matching engine: plain records in, plain data out, no ORM (docs/mentoring.md)."""
