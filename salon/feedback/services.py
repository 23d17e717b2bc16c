"""Every write of feedback: cycles, nominations, answers, reports shared and goals made
from a gap. Each service asks the policy, is atomic, audited, and notifies after commit."""

from __future__ import annotations
