"""Cohort programmes queue no work of their own: date changes are told through the
notification service (salon/notifications), which queues the emails."""
