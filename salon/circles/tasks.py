"""Looking after circles queues no work of its own: a nudge is told through the
notification service (salon/notifications), which queues the email."""
