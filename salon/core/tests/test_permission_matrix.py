"""Every route, every persona: what each may see, and that a private community leaks nothing.

Statuses: 302 = sent to sign in (or, after a form post, on to the next page), 404 = may not
know it exists, 403 = knows it exists but their role does not allow this.

Every URL route and every API operation has a row: a new one without a row fails
``test_every_page_route_has_a_row_in_the_matrix`` or its API twin.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from conftest import client_for, make_user

PERSONAS = ["anonymous", "outsider", "guest", "member", "facilitator", "director"]

# path template -> expected status per persona, in PERSONAS order.
PAGES: list[tuple[str, tuple[int, ...]]] = [
    ("/c/acme/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/people/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/circles/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/circles/emea/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/circles/board/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/circles/new/", (302, 404, 403, 403, 200, 200)),
    # Managing a circle: its stewards (and its leads, see test_circle_management).
    ("/c/acme/circles/emea/manage/", (302, 404, 404, 403, 200, 200)),
    ("/c/acme/circles/board/manage/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/circles/emea/manage/people/?q=a", (302, 404, 404, 403, 200, 200)),
    ("/c/acme/circles/emea/manage/add/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/circles/emea/manage/{member_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/circles/emea/manage/{member_id}/lead/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/circles/emea/manage/archive/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/members/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/invite/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/edit/", (302, 404, 403, 403, 403, 200)),
    ("/c/acme/audit/", (302, 404, 403, 403, 403, 200)),
    ("/c/acme/signup/", (404, 404, 404, 404, 404, 404)),
    ("/people/{member_id}/", (302, 404, 404, 200, 200, 200)),
    ("/home/", (302, 200, 200, 200, 200, 200)),
    ("/communities/", (302, 200, 200, 200, 200, 200)),
    ("/settings/", (302, 200, 200, 200, 200, 200)),
    ("/settings/security/", (302, 200, 200, 200, 200, 200)),
    ("/settings/manager/?q=ma", (302, 200, 200, 200, 200, 200)),
    ("/settings/privacy/", (302, 200, 200, 200, 200, 200)),
    # The language switcher only takes a choice (a form post), from anyone: the sign-in page has it.
    ("/language/", (405, 405, 405, 405, 405, 405)),
    ("/communities/new/", (302, 200, 403, 403, 403, 200)),
    ("/events/", (302, 200, 200, 200, 200, 200)),
    ("/c/acme/events/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/events/find-a-time/", (302, 404, 403, 403, 200, 200)),
    ("/events/{event_id}/", (302, 404, 200, 200, 200, 200)),
    ("/events/{event_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/events/{event_id}/attendance/", (302, 404, 403, 403, 200, 200)),
    ("/events/{board_event_id}/", (302, 404, 404, 404, 200, 200)),
    ("/events/{board_event_id}/edit/", (302, 404, 404, 404, 200, 200)),
    ("/search/?q=acme", (302, 200, 200, 200, 200, 200)),
    ("/notifications/", (302, 200, 200, 200, 200, 200)),
    ("/settings/calendar/", (302, 200, 200, 200, 200, 200)),
    ("/c/acme/forum/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/forum/new/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/forum/unanswered/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/circles/emea/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/forum/circles/board/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/forum/moderation/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/{category_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/{board_category_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/{category_id}/delete/", (302, 404, 403, 403, 200, 200)),
    ("/forum/mentions/?topic={topic_id}&q=d", (302, 404, 200, 200, 200, 200)),
    ("/forum/mentions/?topic={board_topic_id}&q=d", (302, 404, 404, 404, 200, 200)),
    ("/forum/mentions/?category={category_id}&q=d", (302, 404, 200, 200, 200, 200)),
    ("/forum/mentions/?category={board_category_id}&q=d", (302, 404, 404, 404, 200, 200)),
    ("/t/{topic_id}/move/", (302, 404, 403, 403, 200, 200)),
    ("/t/{board_topic_id}/move/", (302, 404, 404, 404, 200, 200)),
    ("/settings/blocked/", (302, 200, 200, 200, 200, 200)),
    ("/goals/", (302, 200, 200, 200, 200, 200)),
    ("/c/acme/goals/new/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/goals/overview/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/objectives/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/objectives/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/competencies/", (302, 404, 200, 200, 200, 200)),
    ("/me/feedback/", (302, 200, 200, 200, 200, 200)),
    # Feedback the director gave the member: the two of them, not the member's mentor (the
    # facilitator) until the member shares it.
    ("/me/feedback/{peer_feedback_id}/", (302, 404, 404, 200, 404, 200)),
    ("/c/acme/feedback/ask/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/feedback/give/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/feedback/requests-settings/", (302, 404, 403, 403, 403, 200)),
    ("/c/acme/praise/", (302, 404, 200, 200, 200, 200)),
    ("/me/growth/", (302, 200, 200, 200, 200, 200)),
    ("/people/{member_id}/growth/", (302, 404, 404, 302, 404, 404)),
    ("/c/acme/circles/emea/goals/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/circles/board/goals/", (302, 404, 404, 404, 200, 200)),
    # Maya's goals: directors see a goal only at a level that includes them.
    ("/goals/{private_goal_id}/", (302, 404, 404, 200, 404, 404)),
    ("/goals/{private_goal_id}/edit/", (302, 404, 404, 200, 404, 404)),
    ("/goals/{circle_goal_id}/", (302, 404, 404, 200, 404, 404)),
    ("/goals/{community_goal_id}/", (302, 404, 404, 200, 200, 200)),
    ("/goals/{community_goal_id}/edit/", (302, 404, 404, 200, 403, 403)),
    ("/mentoring/", (302, 200, 200, 200, 200, 200)),
    # Expert time: Fred (facilitator) offers office hours; Maya (member) booked one.
    ("/c/acme/expert-time/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/expert-time/my-hours/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/expert-time/limits/", (302, 404, 403, 403, 403, 200)),
    ("/expert-time/{office_hours_id}/", (302, 404, 404, 200, 200, 200)),
    ("/expert-time/slots/{slot_id}/book/", (302, 404, 404, 200, 403, 200)),
    ("/expert-time/sessions/", (302, 200, 200, 200, 200, 200)),
    ("/expert-time/sessions/{booking_id}/", (302, 404, 404, 200, 200, 404)),
    ("/expert-time/sessions/{booking_id}/move/", (302, 404, 404, 200, 200, 404)),
    # Maya is mentored by Fred: the space is theirs alone, directors included.
    ("/mentoring/{mentorship_id}/", (302, 404, 404, 200, 200, 404)),
    ("/mentoring/{mentorship_id}/agreement/", (302, 404, 404, 200, 200, 404)),
    ("/mentoring/{mentorship_id}/sessions/new/", (302, 404, 404, 200, 200, 404)),
    (
        "/mentoring/{mentorship_id}/sessions/{mentoring_session_id}/edit/",
        (302, 404, 404, 200, 200, 404),
    ),
    ("/mentoring/{mentorship_id}/check-in/mid/", (302, 404, 404, 200, 200, 404)),
    ("/mentoring/{mentorship_id}/end/", (302, 404, 404, 200, 200, 404)),
    ("/c/acme/mentoring/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/mentoring/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/mentoring/{programme_id}/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/mentoring/{programme_id}/edit/", (302, 404, 404, 403, 200, 200)),
    ("/c/acme/mentoring/{programme_id}/enrol/", (302, 404, 404, 200, 200, 200)),
    # A draft programme: only directors and facilitators know it, and nobody enrols yet.
    ("/c/acme/mentoring/{draft_programme_id}/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/mentoring/{programme_id}/review/", (302, 404, 404, 403, 200, 200)),
    ("/c/acme/mentoring/{draft_programme_id}/review/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/mentoring/{programme_id}/suggestions/", (302, 404, 404, 302, 302, 302)),
    ("/mentoring/matches/{staged_match_id}/", (302, 404, 404, 404, 200, 200)),
    ("/mentoring/matches/{published_match_id}/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/mentoring/{draft_programme_id}/enrol/", (302, 404, 404, 404, 403, 403)),
    # 360° feedback: Maya is reviewed in an open cycle (her list approved, her manager the
    # facilitator) and has a report from a closed one. Nobody but her reads the report, and
    # nobody but a rater opens their own form.
    ("/c/acme/feedback/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/feedback/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/feedback/overview/", (302, 404, 403, 403, 200, 200)),
    ("/feedback/cycles/{feedback_cycle_id}/", (302, 404, 404, 200, 200, 200)),
    ("/feedback/people/{feedback_participant_id}/raters/", (302, 404, 404, 200, 200, 200)),
    ("/feedback/answer/{feedback_nomination_id}/", (302, 404, 404, 200, 404, 404)),
    ("/feedback/reports/{feedback_report_id}/", (302, 404, 404, 200, 404, 404)),
    # Every other page, as it answers today: checks, downloads, feeds and links from emails
    # (a "nope" token and {missing_id} stand for what does not exist).
    ("/", (200, 302, 302, 302, 302, 302)),
    ("/audit/", (302, 404, 404, 404, 404, 404)),
    ("/audit/export.csv", (302, 404, 404, 404, 404, 404)),
    ("/c/acme/audit/export.csv", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/events/find-a-time/plan/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/invite/csv/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/objectives/card/", (302, 404, 200, 200, 200, 200)),
    ("/calendar/nope.ics", (404, 404, 404, 404, 404, 404)),
    ("/demo/mail/", (302, 404, 404, 404, 404, 404)),
    ("/demo/mail/nope/0/", (302, 404, 404, 404, 404, 404)),
    ("/demo/mail/nope/0/html/", (302, 404, 404, 404, 404, 404)),
    ("/events/month/", (302, 200, 200, 200, 200, 200)),
    ("/events/{event_id}/calendar.ics", (302, 404, 200, 200, 200, 200)),
    ("/events/{event_id}/follow-up/", (302, 404, 403, 403, 403, 403)),
    ("/favicon.ico", (301, 301, 301, 301, 301, 301)),
    ("/files/{missing_id}/x.pdf", (302, 404, 404, 404, 404, 404)),
    ("/goals/new/", (302, 302, 200, 302, 302, 302)),
    ("/healthz", (200, 200, 200, 200, 200, 200)),
    ("/invitations/nope/", (404, 404, 404, 404, 404, 404)),
    ("/key-results/{key_result_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/notifications/unsubscribe/nope/", (400, 400, 400, 400, 400, 400)),
    ("/notifications/{notification_id}/", (302, 404, 404, 302, 404, 404)),
    ("/objectives/{objective_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/p/{opening_post_id}/", (302, 404, 302, 302, 302, 302)),
    ("/p/{opening_post_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/p/{opening_post_id}/flag/", (302, 404, 302, 302, 302, 403)),
    ("/p/{opening_post_id}/history/", (302, 404, 200, 200, 200, 200)),
    ("/people/me/", (302, 302, 302, 302, 302, 302)),
    ("/readyz", (200, 200, 200, 200, 200, 200)),
    # Operators only, by token or network (test_metrics); neither is set here.
    ("/metrics", (404, 404, 404, 404, 404, 404)),
    # Provisioning: the organisation's IT administrators (site staff, test_provisioning_page)
    # manage it; the directory speaks SCIM with its own token, which no session replaces.
    ("/organisation/provisioning/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/provisioning/tokens/", (302, 405, 405, 405, 405, 405)),
    ("/organisation/provisioning/tokens/{missing_id}/revoke/", (302, 405, 405, 405, 405, 405)),
    ("/organisation/provisioning/groups/{missing_id}/", (302, 405, 405, 405, 405, 405)),
    # Sign-in (single sign-on, the sign-in rules): the same administrators (test_sign_in_settings).
    ("/organisation/sign-in/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/rules/", (302, 405, 405, 405, 405, 405)),
    ("/organisation/sign-in/providers/new/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/providers/{missing_id}/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/providers/{missing_id}/delete/", (302, 404, 404, 404, 404, 404)),
    ("/scim/v2/", (401, 401, 401, 401, 401, 401)),
    ("/scim/v2/Users", (401, 401, 401, 401, 401, 401)),
    ("/scim/v2/ServiceProviderConfig", (200, 200, 200, 200, 200, 200)),
    # Webhooks: a community's directors (test_webhook_pages has the endpoint's own pages).
    ("/c/acme/webhooks/", (302, 404, 403, 403, 403, 200)),
    ("/c/acme/webhooks/{missing_id}/", (302, 404, 403, 403, 403, 404)),
    ("/c/acme/webhooks/{missing_id}/rotate/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/webhooks/{missing_id}/switch/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/webhooks/{missing_id}/delete/", (302, 405, 405, 405, 405, 405)),
    (
        "/c/acme/webhooks/{missing_id}/deliveries/{missing_id}/resend/",
        (302, 405, 405, 405, 405, 405),
    ),
    ("/settings/notifications/", (302, 200, 200, 200, 200, 200)),
    ("/settings/privacy/export/", (302, 302, 302, 302, 302, 302)),
    ("/t/{topic_id}/", (302, 404, 200, 200, 200, 200)),
    ("/welcome/", (302, 200, 200, 200, 200, 200)),
    # The innovation lab: the member's idea in an open challenge, and a challenge of the
    # private board circle (with the director's idea).
    ("/c/acme/challenges/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/challenges/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/ideas/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/ideas/funnel/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/ideas/stages/", (302, 404, 403, 403, 403, 200)),
    ("/challenges/{challenge_id}/", (302, 404, 200, 200, 200, 200)),
    ("/challenges/{board_challenge_id}/", (302, 404, 404, 404, 200, 200)),
    ("/challenges/{challenge_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/challenges/{challenge_id}/ideas/new/", (302, 404, 403, 200, 200, 200)),
    ("/challenges/{board_challenge_id}/ideas/new/", (302, 404, 404, 404, 200, 200)),
    ("/challenges/{challenge_id}/ideas/similar/?title=identity", (302, 404, 200, 200, 200, 200)),
    ("/challenges/{board_challenge_id}/ideas/similar/?title=x", (302, 404, 404, 404, 200, 200)),
    ("/ideas/{idea_id}/", (302, 404, 200, 200, 200, 200)),
    ("/ideas/{board_idea_id}/", (302, 404, 404, 404, 200, 200)),
    ("/ideas/{idea_id}/edit/", (302, 404, 403, 200, 200, 200)),
    ("/ideas/{board_idea_id}/edit/", (302, 404, 404, 404, 200, 200)),
    ("/ideas/{idea_id}/stage/", (302, 404, 403, 403, 200, 200)),
    ("/ideas/{board_idea_id}/stage/", (302, 404, 404, 404, 200, 200)),
    # The library: members suggest, facilitators (and experts) publish and review.
    ("/c/acme/library/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/library/new/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/library/suggestions/", (302, 404, 403, 403, 200, 200)),
    ("/resources/{resource_id}/", (302, 404, 200, 200, 200, 200)),
    ("/resources/{board_resource_id}/", (302, 404, 404, 404, 200, 200)),
    ("/resources/{suggested_resource_id}/", (302, 404, 404, 200, 200, 200)),
    ("/resources/{resource_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/resources/{suggested_resource_id}/edit/", (302, 404, 404, 200, 200, 200)),
    # The matrix's resources have no file, so no preview; test_preview.py has one.
    ("/resources/{resource_id}/versions/1/preview/", (302, 404, 404, 404, 404, 404)),
    ("/c/acme/paths/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/paths/new/", (302, 404, 403, 403, 200, 200)),
    ("/paths/{path_id}/", (302, 404, 200, 200, 200, 200)),
    ("/paths/{draft_path_id}/", (302, 404, 404, 404, 200, 200)),
    ("/paths/{path_id}/edit/", (302, 404, 403, 403, 200, 200)),
    ("/paths/{path_id}/progress/", (302, 404, 403, 403, 200, 200)),
    # Experts score (none of these personas is one); stewards read the evaluation.
    ("/ideas/{idea_id}/score/", (302, 404, 403, 403, 403, 403)),
    ("/challenges/{challenge_id}/evaluation/", (302, 404, 403, 403, 200, 200)),
    ("/challenges/{board_challenge_id}/evaluation/", (302, 404, 404, 404, 200, 200)),
    # Outcomes: the community's aggregates for its directors and facilitators; each
    # participant's own figures for themself (a guest has none).
    ("/c/acme/outcomes/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/outcomes/?days=365", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/outcomes/export.csv", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/outcomes/mine/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/outcomes/sponsors/", (302, 405, 405, 405, 405, 405)),
    ("/outcome-sponsors/{sponsor_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/outcomes/?format=pdf", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/outcomes/monthly-report/", (302, 405, 405, 405, 405, 405)),
    # Cohort programmes: Maya is in the cohort; the stewards build it and follow everyone.
    ("/c/acme/programmes/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/programmes/new/", (302, 404, 403, 403, 200, 200)),
    ("/programmes/{cohort_programme_id}/", (302, 404, 404, 200, 200, 200)),
    ("/programmes/{cohort_programme_id}/edit/", (302, 404, 404, 403, 200, 200)),
    ("/programmes/{cohort_programme_id}/copy/", (302, 404, 404, 403, 200, 200)),
    ("/programmes/{cohort_programme_id}/timeline/", (302, 404, 404, 403, 200, 200)),
    ("/programmes/{cohort_programme_id}/modules/", (302, 405, 405, 405, 405, 405)),
    ("/programme-modules/{programme_module_id}/", (302, 404, 404, 403, 200, 200)),
    ("/programme-modules/{programme_module_id}/items/", (302, 405, 405, 405, 405, 405)),
    ("/programme-items/{programme_item_id}/edit/", (302, 404, 404, 403, 200, 200)),
    ("/programme-items/{programme_item_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/programme-items/{programme_item_id}/done/", (302, 405, 405, 405, 405, 405)),
    ("/programme-items/{programme_item_id}/undo/", (302, 405, 405, 405, 405, 405)),
    # Peer review: Maya is asked to review Rita's assignment; the stewards follow reviews.
    ("/peer-reviews/{peer_review_id}/", (302, 404, 404, 200, 200, 200)),
    ("/programme-items/{programme_item_id}/plan-event/", (302, 405, 405, 405, 405, 405)),
    ("/programmes/{cohort_programme_id}/reviews/", (302, 404, 404, 403, 200, 200)),
    # Circle health: the director, and the circle's own facilitators and leads, by name
    # (test_health has the lead); Fred is in neither circle, so he sees counts.
    ("/c/acme/circles/emea/health/", (302, 404, 404, 403, 200, 200)),
    ("/c/acme/circles/board/health/", (302, 404, 404, 404, 200, 200)),
    ("/c/acme/circles/emea/health/nudge/", (302, 405, 405, 405, 405, 405)),
    # Interest groups: participants propose; a director approves one that waits (the EMEA
    # chapter does not, so nobody may).
    ("/c/acme/circles/propose/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/circles/emea/approve/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/circles/emea/decline/", (302, 405, 405, 405, 405, 405)),
    # Meeting notes: whoever sees the event reads them; its hosts and stewards (and, for a
    # circle's meeting, the circle) write them. Maya is in the programme's cohort.
    ("/events/{event_id}/notes/", (302, 404, 200, 200, 200, 200)),
    ("/events/{board_event_id}/notes/", (302, 404, 404, 404, 200, 200)),
    (
        "/programme-items/{programme_meeting_id}/circles/{cohort_circle_id}/notes/",
        (302, 404, 404, 200, 200, 200),
    ),
    ("/meeting-actions/{missing_id}/toggle/", (302, 405, 405, 405, 405, 405)),
    # Brainstorming boards: one open to the community (Maya wrote a note in its cluster),
    # one of the private board circle.
    ("/c/acme/boards/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/boards/new/", (302, 404, 403, 403, 200, 200)),
    ("/boards/{brainstorm_id}/", (302, 404, 200, 200, 200, 200)),
    ("/boards/{private_brainstorm_id}/", (302, 404, 404, 404, 200, 200)),
    ("/boards/{brainstorm_id}/state/", (302, 404, 200, 200, 200, 200)),
    ("/boards/{private_brainstorm_id}/state/", (302, 404, 404, 404, 200, 200)),
    ("/boards/{brainstorm_id}/export.csv", (302, 404, 200, 200, 200, 200)),
    ("/boards/{private_brainstorm_id}/export.csv", (302, 404, 404, 404, 200, 200)),
    ("/boards/{brainstorm_id}/export.svg", (302, 404, 200, 200, 200, 200)),
    ("/boards/{brainstorm_id}/history/", (302, 404, 200, 200, 200, 200)),
    ("/boards/{private_brainstorm_id}/history/", (302, 404, 404, 404, 200, 200)),
    ("/boards/{brainstorm_id}/notes/", (302, 405, 405, 405, 405, 405)),
    ("/boards/{brainstorm_id}/clusters/", (302, 405, 405, 405, 405, 405)),
    ("/boards/{brainstorm_id}/phase/", (302, 405, 405, 405, 405, 405)),
    ("/boards/{brainstorm_id}/timer/", (302, 405, 405, 405, 405, 405)),
    ("/notes/{board_note_id}/move/", (302, 405, 405, 405, 405, 405)),
    ("/notes/{board_note_id}/edit/", (302, 405, 405, 405, 405, 405)),
    ("/notes/{board_note_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/notes/{board_note_id}/dot/", (302, 405, 405, 405, 405, 405)),
    ("/notes/{board_note_id}/idea/", (302, 404, 403, 403, 200, 200)),
    ("/notes/{private_note_id}/idea/", (302, 404, 404, 404, 200, 200)),
    ("/clusters/{board_cluster_id}/rename/", (302, 405, 405, 405, 405, 405)),
    ("/clusters/{board_cluster_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/clusters/{board_cluster_id}/idea/", (302, 404, 403, 403, 200, 200)),
    # Hackathons: one of the community, teams forming, Maya in the "Owls" team; the
    # facilitator judges. Results are the organisers' until announced.
    ("/c/acme/hackathons/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/hackathons/new/", (302, 404, 403, 403, 200, 200)),
    ("/hackathons/{hackathon_id}/", (302, 404, 200, 200, 200, 200)),
    ("/hackathons/{private_hackathon_id}/", (302, 404, 404, 404, 200, 200)),
    ("/hackathons/{hackathon_id}/teams/", (302, 405, 405, 405, 405, 405)),
    ("/hackathons/{hackathon_id}/judges/", (302, 404, 403, 403, 200, 200)),
    ("/hackathons/{hackathon_id}/conflicts/", (302, 404, 403, 403, 200, 403)),
    ("/hackathons/{hackathon_id}/results/", (302, 404, 403, 403, 200, 200)),
    ("/hackathons/{hackathon_id}/publish/", (302, 405, 405, 405, 405, 405)),
    ("/hackathons/{hackathon_id}/winners/", (302, 404, 403, 403, 200, 200)),
    ("/judges/{judge_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/teams/{team_id}/join/", (302, 405, 405, 405, 405, 405)),
    ("/teams/{team_id}/leave/", (302, 405, 405, 405, 405, 405)),
    ("/teams/{team_id}/invite/", (302, 404, 403, 200, 403, 403)),
    ("/teams/{team_id}/submission/", (302, 404, 200, 200, 200, 200)),
    ("/teams/{team_id}/files/", (302, 405, 405, 405, 405, 405)),
    ("/teams/{team_id}/files/{missing_id}/remove/", (302, 405, 405, 405, 405, 405)),
    # Judging opens once submissions close: nobody scores while teams form.
    ("/teams/{team_id}/score/", (302, 404, 403, 403, 403, 403)),
    # The network: Maya is connected with Fred and writes with him; Diana asked Maya to
    # connect; Fred introduced Maya and Diana; Maya reported a message to the moderators.
    ("/network/", (302, 200, 200, 200, 200, 200)),
    ("/network/suggestions/", (302, 405, 405, 405, 405, 405)),
    ("/people/{member_id}/connect/", (302, 404, 404, 403, 200, 200)),
    ("/network/requests/{connection_request_id}/answer/", (302, 405, 405, 405, 405, 405)),
    ("/network/requests/{connection_request_id}/withdraw/", (302, 405, 405, 405, 405, 405)),
    ("/network/connections/{member_id}/remove/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/introduce/", (302, 404, 403, 403, 200, 200)),
    ("/introductions/{introduction_id}/answer/", (302, 405, 405, 405, 405, 405)),
    ("/messages/", (302, 200, 200, 200, 200, 200)),
    ("/messages/unread/", (302, 200, 200, 200, 200, 200)),
    ("/messages/new/?to={member_id}", (302, 404, 404, 403, 200, 200)),
    ("/messages/{conversation_id}/", (302, 404, 404, 200, 200, 404)),
    ("/messages/{conversation_id}/send/", (302, 405, 405, 405, 405, 405)),
    ("/messages/{conversation_id}/report/", (302, 404, 404, 200, 200, 404)),
    # Cultural context: each member writes their own; facilitators write country notes.
    ("/settings/working-with-me/", (302, 200, 200, 200, 200, 200)),
    ("/c/acme/country-notes/", (302, 404, 200, 200, 200, 200)),
    ("/country-notes/{country_note_id}/delete/", (302, 405, 405, 405, 405, 405)),
    # Coffee roulette: Maya and Diana were paired in a round; guests do not take part.
    ("/c/acme/coffee/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/network/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/coffee/join/", (302, 405, 405, 405, 405, 405)),
    ("/coffee-pairs/{coffee_pair_id}/answer/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/messaging/", (302, 404, 403, 403, 403, 200)),
    ("/c/acme/message-reports/", (302, 404, 403, 403, 200, 200)),
    ("/message-reports/{conversation_report_id}/resolve/", (302, 405, 405, 405, 405, 405)),
]

# Every page a form posts to, posted empty by each persona: 302 after the change (or back
# to the page with a message), 400 for a refused form, 403/404 as the policy says. Each
# row starts from a fresh world; personas post in order, so a later one may find the
# change already made.
POSTS: list[tuple[str, tuple[int, ...]]] = [
    ("/metrics", (404, 404, 404, 404, 404, 404)),
    # No language chosen: refused, whoever asks.
    ("/language/", (400, 400, 400, 400, 400, 400)),
    # The outcome pages only read.
    ("/c/acme/outcomes/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/outcomes/export.csv", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/outcomes/mine/", (302, 405, 405, 405, 405, 405)),
    # Only a director shares the figures with a sponsor; an empty form is refused.
    ("/c/acme/outcomes/sponsors/", (302, 404, 403, 403, 403, 400)),
    # Only a director withdraws a sponsor's access.
    ("/outcome-sponsors/{sponsor_id}/remove/", (302, 404, 403, 403, 403, 302)),
    # Only a director asks for (or, with an empty form, stops) the monthly report.
    ("/c/acme/outcomes/monthly-report/", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/expert-time/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/expert-time/my-hours/", (302, 404, 403, 403, 400, 400)),
    ("/c/acme/expert-time/my-hours/stop/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/expert-time/limits/", (302, 404, 403, 403, 403, 400)),
    ("/expert-time/{office_hours_id}/", (302, 405, 405, 405, 405, 405)),
    ("/expert-time/slots/{slot_id}/book/", (302, 404, 404, 400, 403, 400)),
    ("/expert-time/sessions/", (302, 405, 405, 405, 405, 405)),
    ("/expert-time/sessions/{booking_id}/", (302, 405, 405, 405, 405, 405)),
    # Maya cancels; then it is no longer Fred's to cancel.
    ("/expert-time/sessions/{booking_id}/cancel/", (302, 404, 404, 302, 403, 404)),
    ("/expert-time/sessions/{booking_id}/move/", (302, 404, 404, 400, 400, 404)),
    ("/expert-time/sessions/{booking_id}/rate/", (302, 404, 404, 400, 400, 404)),
    ("/feedback/cycles/{feedback_cycle_id}/close/", (302, 404, 404, 403, 302, 403)),
    ("/feedback/people/{feedback_participant_id}/raters/", (302, 404, 404, 403, 403, 403)),
    ("/feedback/people/{feedback_participant_id}/raters/submit/", (302, 404, 404, 403, 403, 403)),
    ("/feedback/people/{feedback_participant_id}/raters/approve/", (302, 404, 404, 403, 403, 403)),
    (
        "/feedback/people/{feedback_participant_id}/raters/{feedback_nomination_id}/remove/",
        (302, 404, 404, 403, 403, 403),
    ),
    # Maya saves an empty draft of her own view; nobody else has a form there.
    ("/feedback/answer/{feedback_nomination_id}/", (302, 404, 404, 302, 404, 404)),
    ("/feedback/reports/{feedback_report_id}/goal/", (302, 404, 404, 302, 404, 404)),
    ("/feedback/reports/{feedback_report_id}/share/", (302, 404, 404, 302, 404, 404)),
    ("/c/acme/feedback/new/", (302, 404, 403, 403, 400, 400)),
    ("/c/acme/circles/emea/join/", (302, 404, 404, 403, 302, 302)),
    ("/c/acme/circles/emea/leave/", (302, 404, 404, 302, 403, 403)),
    ("/c/acme/competencies/defaults/", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/competencies/{competency_id}/", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/competencies/{competency_id}/retire/", (302, 404, 403, 403, 403, 302)),
    ("/me/feedback/{peer_feedback_id}/", (302, 404, 404, 403, 404, 403)),
    ("/me/feedback/{peer_feedback_id}/decline/", (302, 404, 404, 403, 404, 403)),
    # The member shares it first, so their mentor (the facilitator) may then read it.
    ("/me/feedback/{peer_feedback_id}/share/", (302, 404, 404, 302, 403, 403)),
    ("/me/feedback/{peer_feedback_id}/goal/", (302, 404, 404, 302, 404, 403)),
    ("/me/growth/{director_id}/unshare/", (302, 302, 302, 302, 302, 302)),
    ("/me/growth/", (302, 400, 400, 400, 400, 400)),
    ("/c/acme/feedback/ask/", (302, 404, 403, 400, 400, 400)),
    ("/c/acme/feedback/give/", (302, 404, 403, 400, 400, 400)),
    ("/c/acme/feedback/requests-settings/", (302, 404, 403, 403, 403, 400)),
    ("/c/acme/praise/", (302, 404, 403, 400, 400, 400)),
    ("/c/acme/forum/categories/general/subscription/", (302, 404, 302, 302, 302, 302)),
    ("/c/acme/forum/categories/{category_id}/archive/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/forum/categories/{category_id}/move/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/invitations/{invitation_id}/revoke/", (302, 404, 403, 403, 302, 302)),
    ("/c/acme/join-requests/{missing_id}/", (302, 404, 403, 403, 404, 404)),
    ("/c/acme/join/", (302, 404, 403, 403, 403, 403)),
    ("/c/acme/leave/", (302, 404, 302, 302, 302, 302)),
    ("/c/acme/members/{member_membership_id}/remove/", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/members/{member_membership_id}/role/", (302, 404, 403, 403, 403, 302)),
    ("/c/acme/mentoring/{programme_id}/publish/", (302, 404, 404, 403, 302, 302)),
    ("/c/acme/mentoring/{programme_id}/run/", (302, 404, 404, 403, 302, 302)),
    ("/c/acme/mentoring/{programme_id}/status/", (302, 404, 404, 403, 302, 302)),
    ("/c/acme/mentoring/{programme_id}/withdraw/", (302, 404, 404, 302, 302, 302)),
    ("/events/{event_id}/cancel/", (302, 404, 403, 403, 302, 302)),
    ("/events/{event_id}/check-in/", (302, 404, 302, 302, 302, 302)),
    ("/events/{event_id}/feedback/", (302, 404, 302, 302, 302, 302)),
    ("/events/{event_id}/files/", (302, 404, 403, 403, 302, 302)),
    ("/events/{event_id}/files/{missing_id}/remove/", (302, 404, 403, 403, 404, 404)),
    ("/events/{event_id}/rsvp/", (302, 404, 302, 302, 302, 302)),
    ("/forum/preview/", (302, 200, 200, 200, 200, 200)),
    ("/goals/{community_goal_id}/check-in/", (302, 404, 404, 400, 403, 403)),
    ("/goals/{community_goal_id}/encourage/", (302, 404, 404, 403, 400, 400)),
    ("/goals/{community_goal_id}/milestones/", (302, 404, 404, 302, 403, 403)),
    (
        "/goals/{community_goal_id}/milestones/{milestone_id}/remove/",
        (302, 404, 404, 302, 403, 403),
    ),
    (
        "/goals/{community_goal_id}/milestones/{milestone_id}/toggle/",
        (302, 404, 404, 302, 403, 403),
    ),
    ("/goals/{community_goal_id}/status/", (302, 404, 404, 302, 403, 403)),
    ("/key-results/{key_result_id}/update/", (302, 404, 403, 403, 302, 302)),
    ("/mentoring/forbidden/{forbidden_id}/allow/", (302, 404, 404, 403, 302, 404)),
    ("/mentoring/matches/{published_match_id}/answer/", (302, 404, 404, 302, 403, 403)),
    ("/mentoring/matches/{staged_match_id}/forbid/", (302, 404, 404, 404, 302, 302)),
    ("/mentoring/matches/{staged_match_id}/pin/", (302, 404, 404, 404, 302, 302)),
    ("/mentoring/matches/{staged_match_id}/swap/", (302, 404, 404, 404, 302, 302)),
    ("/mentoring/{mentorship_id}/actions/new/", (302, 404, 404, 400, 400, 404)),
    ("/mentoring/{mentorship_id}/actions/{action_id}/toggle/", (302, 404, 404, 302, 302, 404)),
    ("/notifications/read-all/", (302, 302, 302, 302, 302, 302)),
    ("/notifications/{notification_id}/read/", (302, 404, 404, 302, 404, 404)),
    ("/objectives/{objective_id}/archive/", (302, 404, 403, 403, 302, 302)),
    ("/objectives/{objective_id}/key-results/", (302, 404, 403, 403, 302, 302)),
    ("/p/{opening_post_id}/delete/", (302, 404, 403, 403, 403, 403)),
    ("/p/{opening_post_id}/files/{missing_id}/remove/", (302, 404, 404, 404, 404, 404)),
    ("/p/{opening_post_id}/flags/resolve/", (302, 404, 403, 403, 302, 302)),
    ("/p/{opening_post_id}/hide/", (302, 404, 403, 403, 403, 403)),
    ("/p/{opening_post_id}/react/", (302, 404, 302, 302, 302, 302)),
    ("/people/{member_id}/block/", (302, 404, 404, 302, 302, 302)),
    ("/people/{member_id}/unblock/", (302, 404, 404, 404, 404, 404)),
    ("/settings/privacy/delete/", (302, 302, 302, 302, 302, 302)),
    ("/settings/security/tokens/", (302, 400, 400, 400, 400, 400)),
    ("/settings/security/tokens/{token_id}/revoke/", (302, 404, 404, 302, 404, 404)),
    ("/t/{topic_id}/accept/", (302, 404, 403, 403, 403, 403)),
    ("/t/{topic_id}/moderate/", (302, 404, 403, 403, 302, 302)),
    ("/t/{topic_id}/reply/", (302, 404, 400, 400, 400, 400)),
    ("/t/{topic_id}/subscription/", (302, 404, 302, 302, 302, 302)),
    ("/c/acme/challenges/new/", (302, 404, 403, 403, 400, 400)),
    ("/challenges/{challenge_id}/edit/", (302, 404, 403, 403, 400, 400)),
    ("/challenges/{challenge_id}/ideas/new/", (302, 404, 403, 400, 400, 400)),
    ("/ideas/{idea_id}/edit/", (302, 404, 403, 400, 400, 400)),
    ("/organisation/provisioning/tokens/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/provisioning/tokens/{missing_id}/revoke/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/provisioning/groups/{missing_id}/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/rules/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/providers/new/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/providers/{missing_id}/", (302, 404, 404, 404, 404, 404)),
    ("/organisation/sign-in/providers/{missing_id}/delete/", (302, 404, 404, 404, 404, 404)),
    ("/scim/v2/Users", (401, 401, 401, 401, 401, 401)),
    ("/c/acme/webhooks/", (302, 404, 403, 403, 403, 400)),
    ("/c/acme/webhooks/{missing_id}/rotate/", (302, 404, 403, 403, 403, 404)),
    ("/c/acme/webhooks/{missing_id}/switch/", (302, 404, 403, 403, 403, 404)),
    ("/c/acme/webhooks/{missing_id}/delete/", (302, 404, 403, 403, 403, 404)),
    (
        "/c/acme/webhooks/{missing_id}/deliveries/{missing_id}/resend/",
        (302, 404, 403, 403, 403, 404),
    ),
    # The member wrote the idea: they neither join nor vote for it.
    ("/ideas/{idea_id}/join/", (302, 404, 403, 403, 302, 302)),
    ("/ideas/{idea_id}/vote/", (302, 404, 403, 403, 302, 302)),
    ("/ideas/{board_idea_id}/vote/", (302, 404, 404, 404, 302, 403)),
    ("/ideas/{idea_id}/stage/", (302, 404, 403, 403, 400, 400)),
    ("/ideas/{idea_id}/files/", (302, 404, 403, 302, 302, 302)),
    ("/ideas/{idea_id}/files/{missing_id}/remove/", (302, 404, 403, 404, 404, 404)),
    ("/c/acme/library/new/", (302, 404, 403, 400, 400, 400)),
    ("/c/acme/library/for-you/hide/", (302, 404, 302, 302, 302, 302)),
    ("/c/acme/paths/new/", (302, 404, 403, 403, 400, 400)),
    ("/resources/{resource_id}/versions/", (302, 404, 403, 403, 302, 302)),
    ("/resources/{resource_id}/mark/", (302, 404, 302, 302, 302, 302)),
    ("/resources/{board_resource_id}/mark/", (302, 404, 404, 404, 302, 302)),
    ("/resources/{resource_id}/comments/", (302, 404, 302, 302, 302, 302)),
    ("/resources/{resource_id}/review/", (302, 404, 403, 403, 302, 302)),
    ("/resources/{suggested_resource_id}/review/", (302, 404, 404, 403, 302, 302)),
    ("/paths/{path_id}/steps/", (302, 404, 403, 403, 302, 302)),
    ("/paths/{path_id}/status/", (302, 404, 403, 403, 302, 302)),
    ("/paths/{path_id}/follow/", (302, 404, 302, 302, 302, 302)),
    ("/paths/{draft_path_id}/follow/", (302, 404, 404, 404, 403, 403)),
    ("/path-steps/{step_id}/done/", (302, 404, 302, 302, 302, 302)),
    ("/path-steps/{step_id}/nudge/", (302, 404, 403, 403, 302, 302)),
    ("/path-steps/{step_id}/move/", (302, 404, 403, 403, 302, 302)),
    # The facilitator removes the step; the director then finds it gone.
    ("/path-steps/{step_id}/remove/", (302, 404, 403, 403, 302, 404)),
    ("/ideas/{idea_id}/score/", (302, 404, 403, 403, 403, 403)),
    ("/c/acme/ideas/stages/", (302, 404, 403, 403, 403, 400)),
    # Boards: an empty note, name or phase is refused; an empty move ungroups the note and
    # an empty timer stops it. Maya removes her note and the cluster first; after that,
    # nobody finds them. Dots wait for the voting phase.
    ("/c/acme/boards/new/", (302, 404, 403, 403, 400, 400)),
    ("/boards/{brainstorm_id}/notes/", (302, 404, 403, 400, 400, 400)),
    ("/boards/{private_brainstorm_id}/notes/", (302, 404, 404, 404, 400, 400)),
    ("/boards/{brainstorm_id}/clusters/", (302, 404, 403, 400, 400, 400)),
    ("/boards/{brainstorm_id}/phase/", (302, 404, 403, 403, 400, 400)),
    ("/boards/{brainstorm_id}/timer/", (302, 404, 403, 403, 302, 302)),
    ("/notes/{board_note_id}/move/", (302, 404, 403, 302, 302, 302)),
    ("/notes/{private_note_id}/move/", (302, 404, 404, 404, 302, 302)),
    ("/notes/{board_note_id}/edit/", (302, 404, 403, 400, 400, 400)),
    ("/notes/{board_note_id}/remove/", (302, 404, 403, 302, 404, 404)),
    ("/notes/{board_note_id}/dot/", (302, 404, 403, 403, 403, 403)),
    ("/notes/{board_note_id}/idea/", (302, 404, 403, 403, 400, 400)),
    ("/clusters/{board_cluster_id}/rename/", (302, 404, 403, 400, 400, 400)),
    ("/clusters/{board_cluster_id}/remove/", (302, 404, 403, 302, 404, 404)),
    ("/clusters/{board_cluster_id}/idea/", (302, 404, 403, 403, 400, 400)),
    # Hackathons: an empty team name is refused (back to the page with why); Maya may not
    # join a second team; she leaves hers, after which the others are not in it.
    ("/c/acme/hackathons/new/", (302, 404, 403, 403, 400, 400)),
    ("/hackathons/{hackathon_id}/teams/", (302, 404, 403, 302, 302, 302)),
    ("/hackathons/{hackathon_id}/judges/", (302, 404, 403, 403, 400, 400)),
    ("/hackathons/{hackathon_id}/conflicts/", (302, 404, 403, 403, 302, 403)),
    ("/hackathons/{hackathon_id}/publish/", (302, 404, 403, 403, 302, 302)),
    ("/hackathons/{hackathon_id}/winners/", (302, 404, 403, 403, 400, 400)),
    ("/judges/{judge_id}/remove/", (302, 404, 403, 403, 302, 404)),
    ("/teams/{team_id}/join/", (302, 404, 403, 403, 302, 302)),
    ("/teams/{team_id}/leave/", (302, 404, 403, 302, 404, 404)),
    ("/teams/{team_id}/invite/", (302, 404, 403, 400, 403, 403)),
    ("/teams/{team_id}/submission/", (302, 404, 403, 400, 403, 403)),
    ("/teams/{team_id}/files/", (302, 404, 403, 404, 403, 403)),
    ("/teams/{team_id}/files/{missing_id}/remove/", (302, 404, 403, 404, 403, 403)),
    ("/teams/{team_id}/score/", (302, 404, 403, 403, 403, 403)),
]
POSTS += [
    # Cohort programmes: only Maya (in the cohort) marks items; the stewards build. The
    # facilitator removes the item; the director then finds it gone.
    ("/c/acme/programmes/new/", (302, 404, 403, 403, 400, 400)),
    ("/programmes/{cohort_programme_id}/edit/", (302, 404, 404, 403, 400, 400)),
    ("/programmes/{cohort_programme_id}/modules/", (302, 404, 404, 403, 302, 302)),
    ("/programmes/{cohort_programme_id}/copy/", (302, 404, 404, 403, 400, 400)),
    ("/programme-modules/{programme_module_id}/", (302, 404, 404, 403, 400, 400)),
    ("/programme-modules/{programme_module_id}/items/", (302, 404, 404, 403, 302, 302)),
    ("/programme-items/{programme_item_id}/edit/", (302, 404, 404, 403, 400, 400)),
    ("/programme-items/{programme_item_id}/done/", (302, 404, 404, 302, 403, 403)),
    ("/programme-items/{programme_item_id}/undo/", (302, 404, 404, 302, 403, 403)),
    ("/peer-reviews/{peer_review_id}/", (302, 404, 404, 400, 403, 403)),
    # Pre-work is no live session: the team is told so on the module's page.
    ("/programme-items/{programme_item_id}/plan-event/", (302, 404, 404, 403, 302, 302)),
    ("/programme-items/{programme_item_id}/remove/", (302, 404, 404, 403, 302, 404)),
    # Nudges: the director and the circle's own facilitators and leads (an empty one is
    # refused with a message).
    ("/c/acme/circles/emea/health/nudge/", (302, 404, 404, 403, 403, 302)),
    ("/c/acme/circles/propose/", (302, 404, 403, 400, 400, 400)),
    ("/c/acme/circles/emea/approve/", (302, 404, 404, 403, 403, 403)),
    ("/c/acme/circles/emea/decline/", (302, 404, 404, 403, 403, 403)),
    ("/events/{event_id}/notes/", (302, 404, 403, 403, 400, 400)),
    (
        "/programme-items/{programme_meeting_id}/circles/{cohort_circle_id}/notes/",
        (302, 404, 404, 400, 400, 400),
    ),
    ("/meeting-actions/{missing_id}/toggle/", (302, 404, 404, 404, 404, 404)),
    ("/network/", (302, 405, 405, 405, 405, 405)),
    ("/network/suggestions/", (302, 302, 302, 302, 302, 302)),
    # Fred is connected already, Diana has asked already.
    ("/people/{member_id}/connect/", (302, 404, 404, 403, 400, 400)),
    # Maya ignores Diana's request (an empty post); then Diana may no longer withdraw it.
    ("/network/requests/{connection_request_id}/answer/", (302, 404, 404, 302, 404, 403)),
    ("/network/requests/{connection_request_id}/withdraw/", (302, 404, 404, 403, 404, 302)),
    ("/network/connections/{member_id}/remove/", (302, 404, 404, 404, 302, 404)),
    ("/c/acme/introduce/", (302, 404, 403, 403, 400, 400)),
    # Maya declines (an empty post); the introduction is then closed to Diana too.
    ("/introductions/{introduction_id}/answer/", (302, 404, 404, 302, 403, 403)),
    ("/messages/", (302, 405, 405, 405, 405, 405)),
    ("/messages/unread/", (302, 405, 405, 405, 405, 405)),
    ("/messages/new/", (302, 400, 400, 400, 400, 400)),
    ("/messages/{conversation_id}/", (302, 405, 405, 405, 405, 405)),
    ("/messages/{conversation_id}/send/", (302, 404, 404, 302, 302, 404)),
    ("/messages/{conversation_id}/report/", (302, 404, 404, 400, 400, 404)),
    ("/settings/working-with-me/", (302, 302, 302, 302, 302, 302)),
    # An empty note is refused; the facilitator deletes the note, the director finds it gone.
    ("/c/acme/country-notes/", (302, 404, 403, 403, 400, 400)),
    ("/country-notes/{country_note_id}/delete/", (302, 404, 403, 403, 302, 404)),
    # An empty round is refused (no date); only the two people of a pair answer for it.
    ("/c/acme/coffee/", (302, 404, 403, 403, 400, 400)),
    ("/c/acme/network/", (302, 405, 405, 405, 405, 405)),
    ("/c/acme/coffee/join/", (302, 404, 403, 302, 302, 302)),
    ("/coffee-pairs/{coffee_pair_id}/answer/", (302, 404, 404, 302, 404, 302)),
    ("/c/acme/messaging/", (302, 404, 403, 403, 403, 400)),
    ("/c/acme/message-reports/", (302, 405, 405, 405, 405, 405)),
    ("/message-reports/{conversation_report_id}/resolve/", (302, 404, 403, 403, 302, 302)),
]

# Page forms: path template -> form data -> expected status per persona (302 after a
# change is the page's redirect; for "anonymous" it is the sign-in page).
PAGE_POSTS: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
    (
        "/c/acme/outcomes/sponsors/",
        {"email": "olga@elsewhere.test"},
        (302, 404, 403, 403, 403, 302),
    ),
    # Maya books with her question; Fred cannot book himself; Diana finds it taken.
    (
        "/expert-time/slots/{slot_id}/book/",
        {"question": "How do I start?"},
        (302, 404, 404, 302, 403, 400),
    ),
    (
        "/c/acme/circles/emea/manage/",
        {"settings-name": "EMEA", "settings-kind": "chapter"},
        (302, 404, 404, 403, 302, 302),
    ),
    ("/c/acme/circles/emea/manage/people/", {"q": "a"}, (302, 405, 405, 405, 405, 405)),
    ("/settings/manager/", {"q": "ma"}, (302, 405, 405, 405, 405, 405)),
    ("/language/", {"language": "de", "next": "/home/"}, (302, 302, 302, 302, 302, 302)),
    (
        "/c/acme/circles/emea/manage/add/",
        {"people": ["{facilitator_id}"]},
        (302, 404, 404, 403, 302, 302),
    ),
    (
        "/c/acme/circles/board/manage/add/",
        {"people": ["{member_id}"]},
        (302, 404, 404, 404, 302, 302),
    ),
    ("/c/acme/circles/emea/manage/{member_id}/remove/", {}, (302, 404, 404, 403, 302, 302)),
    (
        "/c/acme/circles/emea/manage/{member_id}/lead/",
        {"is_lead": "1"},
        (302, 404, 404, 403, 302, 302),
    ),
    ("/c/acme/circles/emea/manage/archive/", {"archived": "1"}, (302, 404, 404, 403, 302, 302)),
]

API: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/api/v1/me", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/members", (401, 404, 403, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/circles", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/events", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/topics", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/flags", (401, 404, 403, 403, 200, 200)),
    # The director wrote the post: everyone else who may see it flags it once.
    ("POST", "/api/v1/posts/{opening_post_id}/flags", (401, 404, 201, 201, 201, 403)),
    ("POST", "/api/v1/posts/{board_post_id}/flags", (401, 404, 404, 404, 201, 403)),
    ("GET", "/api/v1/events/{event_id}/attendance", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/events/{board_event_id}/attendance", (401, 404, 404, 404, 200, 200)),
    ("POST", "/api/v1/communities/acme/planner", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/search?q=acme", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/notifications", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/circles", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/circles/{circle_id}", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/circles/{private_circle_id}", (401, 404, 404, 404, 200, 200)),
    ("PATCH", "/api/v1/circles/{circle_id}", (401, 404, 404, 403, 200, 200)),
    ("GET", "/api/v1/circles/{circle_id}/members", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/circles/{private_circle_id}/members", (401, 404, 404, 404, 200, 200)),
    ("POST", "/api/v1/circles/{circle_id}/members", (401, 404, 404, 403, 201, 201)),
    ("POST", "/api/v1/circles/{private_circle_id}/members", (401, 404, 404, 404, 201, 201)),
    ("DELETE", "/api/v1/circles/{circle_id}/members/{director_id}", (401, 404, 404, 403, 204, 204)),
    ("POST", "/api/v1/communities/acme/members", (401, 404, 403, 403, 201, 201)),
    ("PATCH", "/api/v1/memberships/{member_membership_id}", (401, 404, 404, 403, 403, 200)),
    ("GET", "/api/v1/communities/acme/objectives", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/competencies", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/me/feedback-requests", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/me/feedback-requests", (401, 404, 403, 201, 201, 201)),
    ("GET", "/api/v1/communities/acme/praise", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/praise", (401, 404, 403, 201, 201, 201)),
    ("POST", "/api/v1/communities/acme/objectives", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/me/goals", (401, 200, 200, 200, 200, 200)),
    # Expert time: Fred (facilitator) offers office hours; Maya (member) has booked one.
    ("GET", "/api/v1/communities/acme/office-hours", (401, 404, 403, 200, 200, 200)),
    # Maya books it; Fred cannot book himself; then Diana finds it taken.
    ("POST", "/api/v1/office-hours/{slot_id}/bookings", (401, 404, 404, 201, 403, 409)),
    ("GET", "/api/v1/me/bookings", (401, 200, 200, 200, 200, 200)),
    # A session is its member's and its expert's alone.
    ("GET", "/api/v1/bookings/{booking_id}", (401, 404, 404, 200, 200, 404)),
    # Maya cancels it; then it is no longer Fred's to cancel.
    ("POST", "/api/v1/bookings/{booking_id}/cancel", (401, 404, 404, 200, 403, 404)),
    # Only Maya moves it; Fred cannot book a time of his own.
    ("POST", "/api/v1/bookings/{booking_id}/reschedule", (401, 404, 404, 200, 403, 404)),
    # Nobody rates a session before it has ended.
    ("POST", "/api/v1/bookings/{booking_id}/rating", (401, 404, 404, 400, 400, 404)),
    ("POST", "/api/v1/me/goals", (401, 404, 403, 201, 201, 201)),
    ("GET", "/api/v1/goals/{private_goal_id}", (401, 404, 404, 200, 404, 404)),
    ("GET", "/api/v1/goals/{community_goal_id}", (401, 404, 404, 200, 200, 200)),
    ("POST", "/api/v1/goals/{private_goal_id}/check-ins", (401, 404, 404, 201, 404, 404)),
    ("POST", "/api/v1/goals/{community_goal_id}/check-ins", (401, 404, 404, 201, 403, 403)),
    ("GET", "/api/v1/me/mentorships", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/mentorships/{mentorship_id}", (401, 404, 404, 200, 200, 404)),
    ("GET", "/api/v1/mentorships/{mentorship_id}/sessions", (401, 404, 404, 200, 200, 404)),
    ("GET", "/api/v1/communities/acme/programmes", (401, 404, 403, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/programmes", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/programmes/{programme_id}", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/programmes/{draft_programme_id}", (401, 404, 404, 404, 200, 200)),
    ("GET", "/api/v1/programmes/{programme_id}/enrolments", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/programmes/{programme_id}/runs", (401, 404, 404, 403, 200, 200)),
    ("GET", "/api/v1/programmes/{programme_id}/matches", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/matches/{staged_match_id}", (401, 404, 404, 404, 200, 200)),
    ("GET", "/api/v1/matches/{published_match_id}", (401, 404, 404, 200, 200, 200)),
    ("POST", "/api/v1/programmes/{draft_programme_id}/publish", (401, 404, 404, 404, 409, 409)),
    ("GET", "/api/v1/communities/acme/feedback-cycles", (401, 404, 403, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/feedback-cycles", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/feedback-cycles/{feedback_cycle_id}", (401, 404, 404, 200, 200, 200)),
    (
        "GET",
        "/api/v1/feedback-cycles/{feedback_cycle_id}/nominations",
        (401, 404, 404, 200, 404, 404),
    ),
    # Her list is approved: no more nominations. Her manager (the facilitator) and she
    # herself may answer about her (a draft here); nobody else.
    (
        "POST",
        "/api/v1/feedback-cycles/{feedback_cycle_id}/nominations",
        (401, 404, 404, 403, 404, 404),
    ),
    (
        "POST",
        "/api/v1/feedback-cycles/{feedback_cycle_id}/responses",
        (401, 404, 404, 200, 200, 404),
    ),
    ("GET", "/api/v1/me/feedback-reports", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/me/feedback-reports/{feedback_report_id}", (401, 404, 404, 200, 404, 404)),
    # Every other operation, with a valid body (422: one the matrix cannot build, refused
    # before anything is looked up).
    ("PATCH", "/api/v1/action-items/{action_id}", (401, 404, 404, 200, 200, 404)),
    ("POST", "/api/v1/communities/acme/events", (401, 422, 422, 422, 422, 422)),
    ("POST", "/api/v1/communities/acme/topics", (401, 404, 403, 201, 201, 201)),
    ("DELETE", "/api/v1/events/{event_id}", (401, 404, 403, 403, 204, 204)),
    ("GET", "/api/v1/events/{event_id}", (401, 404, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/events/{event_id}", (401, 404, 403, 403, 200, 200)),
    ("PUT", "/api/v1/events/{event_id}/attendance", (401, 404, 403, 403, 200, 200)),
    ("POST", "/api/v1/events/{event_id}/check-in", (401, 404, 400, 400, 400, 400)),
    ("POST", "/api/v1/events/{event_id}/rsvp", (401, 404, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/key-results/{key_result_id}", (401, 404, 403, 403, 200, 409)),
    ("POST", "/api/v1/matches/{published_match_id}/answer", (401, 404, 404, 200, 200, 403)),
    ("POST", "/api/v1/matches/{staged_match_id}/forbid", (401, 404, 404, 404, 409, 409)),
    ("POST", "/api/v1/matches/{staged_match_id}/pin", (401, 404, 404, 404, 409, 409)),
    ("POST", "/api/v1/matches/{staged_match_id}/swap", (401, 404, 404, 404, 400, 400)),
    ("PATCH", "/api/v1/me", (401, 200, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/memberships/{member_membership_id}", (401, 404, 404, 204, 404, 404)),
    ("POST", "/api/v1/mentorships/{mentorship_id}/action-items", (401, 404, 404, 201, 201, 404)),
    ("PATCH", "/api/v1/mentorships/{mentorship_id}/agreement", (401, 404, 404, 200, 200, 404)),
    ("POST", "/api/v1/mentorships/{mentorship_id}/end", (401, 404, 404, 200, 403, 404)),
    ("POST", "/api/v1/mentorships/{mentorship_id}/sessions", (401, 404, 404, 201, 201, 404)),
    ("POST", "/api/v1/notifications/read-all", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/notifications/{notification_id}/read", (401, 404, 404, 200, 404, 404)),
    ("DELETE", "/api/v1/posts/{opening_post_id}", (401, 404, 403, 403, 403, 403)),
    ("PATCH", "/api/v1/posts/{opening_post_id}", (401, 404, 403, 403, 200, 200)),
    ("POST", "/api/v1/posts/{opening_post_id}/attachments", (401, 422, 422, 422, 422, 422)),
    (
        "DELETE",
        "/api/v1/posts/{opening_post_id}/attachments/{missing_id}",
        (401, 404, 404, 404, 404, 404),
    ),
    ("POST", "/api/v1/posts/{opening_post_id}/reactions", (401, 404, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/programmes/{programme_id}", (401, 404, 404, 403, 200, 200)),
    ("DELETE", "/api/v1/programmes/{programme_id}/enrolment", (401, 404, 404, 400, 400, 400)),
    ("PUT", "/api/v1/programmes/{programme_id}/enrolment", (401, 422, 422, 422, 422, 422)),
    ("POST", "/api/v1/programmes/{programme_id}/requests", (401, 404, 404, 400, 400, 400)),
    ("POST", "/api/v1/programmes/{programme_id}/runs", (401, 404, 404, 403, 400, 400)),
    ("GET", "/api/v1/programmes/{programme_id}/suggestions", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/topics/{topic_id}", (401, 404, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/topics/{topic_id}", (401, 404, 403, 403, 200, 200)),
    ("POST", "/api/v1/topics/{topic_id}/accept", (401, 404, 403, 403, 403, 403)),
    ("POST", "/api/v1/topics/{topic_id}/posts", (401, 404, 201, 201, 201, 201)),
    ("PUT", "/api/v1/topics/{topic_id}/subscription", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/challenges", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/challenges", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/challenges/{challenge_id}/ideas", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/challenges/{board_challenge_id}/ideas", (401, 404, 404, 404, 200, 200)),
    ("POST", "/api/v1/challenges/{challenge_id}/ideas", (401, 404, 403, 201, 201, 201)),
    ("GET", "/api/v1/ideas/{idea_id}", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/ideas/{board_idea_id}", (401, 404, 404, 404, 200, 200)),
    ("PATCH", "/api/v1/ideas/{idea_id}", (401, 404, 403, 200, 200, 200)),
    ("GET", "/api/v1/ideas/{idea_id}/votes", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/ideas/{idea_id}/votes", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/ideas/{idea_id}/stage", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/ideas/{idea_id}/stage", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/boards/{brainstorm_id}", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/boards/{private_brainstorm_id}", (401, 404, 404, 404, 200, 200)),
    ("GET", "/api/v1/hackathons/{hackathon_id}/teams", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/hackathons/{private_hackathon_id}/teams", (401, 404, 404, 404, 200, 200)),
    # Maya is in a team already; the facilitator and the director form one each.
    ("POST", "/api/v1/hackathons/{hackathon_id}/teams", (401, 404, 403, 400, 201, 201)),
    ("GET", "/api/v1/hackathons/{hackathon_id}/submissions", (401, 404, 200, 200, 200, 200)),
    # Only Maya is in a team, too small to submit yet; nobody judges while teams form.
    ("POST", "/api/v1/hackathons/{hackathon_id}/submissions", (401, 404, 403, 400, 403, 403)),
    ("POST", "/api/v1/hackathons/{hackathon_id}/scores", (401, 404, 403, 403, 403, 403)),
    ("GET", "/api/v1/hackathons/{hackathon_id}/scores", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/communities/acme/resources", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/resources", (401, 404, 403, 201, 201, 201)),
    ("GET", "/api/v1/resources/{resource_id}", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/resources/{board_resource_id}", (401, 404, 404, 404, 200, 200)),
    ("GET", "/api/v1/resources/{suggested_resource_id}", (401, 404, 404, 200, 200, 200)),
    ("PATCH", "/api/v1/resources/{resource_id}", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/resources/{resource_id}/versions", (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/resources/{board_resource_id}/versions", (401, 404, 404, 404, 200, 200)),
    # Multipart only (a JSON body is refused before anything else); tests/test_api.py in
    # salon/resources sends real files as each persona.
    ("POST", "/api/v1/communities/acme/resources/files", (401, 422, 422, 422, 422, 422)),
    ("POST", "/api/v1/resources/{resource_id}/versions", (401, 422, 422, 422, 422, 422)),
    ("GET", "/api/v1/communities/acme/paths", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/paths", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/me/paths", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/path-steps/{step_id}/done", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/path-steps/{draft_step_id}/done", (401, 404, 404, 404, 403, 403)),
    ("GET", "/api/v1/me/recommendations", (401, 200, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/me/recommendations/resource/{resource_id}", (401, 404, 204, 204, 204, 204)),
    (
        "DELETE",
        "/api/v1/me/recommendations/resource/{board_resource_id}",
        (401, 404, 404, 404, 204, 204),
    ),
    ("GET", "/api/v1/ideas/{idea_id}/scores", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/ideas/{idea_id}/scores", (401, 404, 403, 403, 403, 403)),
    ("GET", "/api/v1/communities/acme/analytics/outcomes", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/communities/acme/analytics/engagement", (401, 404, 403, 403, 200, 200)),
    ("GET", "/api/v1/communities/acme/analytics/sponsors", (401, 404, 403, 403, 403, 200)),
    ("DELETE", "/api/v1/outcome-sponsors/{sponsor_id}", (401, 404, 403, 403, 403, 204)),
    (
        "GET",
        "/api/v1/communities/acme/analytics/engagement?format=csv",
        (401, 404, 403, 403, 200, 200),
    ),
    # Everyone signed in has their own growth (an empty list outside any community).
    ("GET", "/api/v1/me/growth", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/me/growth?format=csv", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/me/week", (401, 200, 200, 200, 200, 200)),
    # Cohort programmes (mentoring's are /programmes): Maya is in the cohort.
    # Interest groups: Maya proposed one that waits for a director; the director leads
    # an open one, which the others who take part may join.
    ("GET", "/api/v1/communities/acme/interest-groups", (401, 404, 200, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/interest-groups", (401, 404, 403, 201, 201, 201)),
    ("POST", "/api/v1/interest-groups/{proposed_group_id}/approve", (401, 404, 404, 403, 403, 200)),
    ("POST", "/api/v1/interest-groups/{proposed_group_id}/decline", (401, 404, 404, 403, 403, 200)),
    ("POST", "/api/v1/interest-groups/{proposed_group_id}/join", (401, 404, 404, 403, 403, 403)),
    ("POST", "/api/v1/interest-groups/{open_group_id}/join", (401, 404, 404, 200, 200, 403)),
    ("POST", "/api/v1/interest-groups/{circle_id}/join", (401, 404, 404, 404, 404, 404)),
    ("GET", "/api/v1/communities/acme/cohort-programmes", (401, 404, 403, 200, 200, 200)),
    ("POST", "/api/v1/communities/acme/cohort-programmes", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/cohort-programmes/{cohort_programme_id}", (401, 404, 404, 200, 200, 200)),
    (
        "GET",
        "/api/v1/cohort-programmes/{cohort_programme_id}/progress",
        (401, 404, 404, 403, 200, 200),
    ),
    (
        "POST",
        "/api/v1/cohort-programmes/{cohort_programme_id}/copies",
        (401, 404, 404, 403, 201, 201),
    ),
    (
        "POST",
        "/api/v1/cohort-programmes/{cohort_programme_id}/modules",
        (401, 404, 404, 403, 201, 201),
    ),
    ("PATCH", "/api/v1/programme-modules/{programme_module_id}", (401, 404, 404, 403, 200, 200)),
    (
        "POST",
        "/api/v1/programme-modules/{programme_module_id}/items",
        (401, 404, 404, 403, 201, 201),
    ),
    ("PATCH", "/api/v1/programme-items/{programme_item_id}", (401, 404, 404, 403, 200, 200)),
    ("POST", "/api/v1/programme-items/{programme_item_id}/done", (401, 404, 404, 200, 403, 403)),
    (
        "GET",
        "/api/v1/cohort-programmes/{cohort_programme_id}/peer-reviews",
        (401, 404, 404, 403, 200, 200),
    ),
    ("GET", "/api/v1/me/peer-reviews", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/peer-reviews/{peer_review_id}", (401, 404, 404, 200, 200, 200)),
    ("POST", "/api/v1/peer-reviews/{peer_review_id}/submit", (401, 404, 404, 200, 403, 403)),
    (
        "GET",
        "/api/v1/programme-items/{peer_assignment_id}/peer-reviews",
        (401, 404, 404, 200, 403, 403),
    ),
    ("GET", "/api/v1/circles/{circle_id}/health", (401, 404, 404, 403, 200, 200)),
    ("POST", "/api/v1/circles/{circle_id}/nudges", (401, 404, 404, 403, 403, 201)),
    ("GET", "/api/v1/events/{event_id}/notes", (401, 404, 200, 200, 200, 200)),
    ("PUT", "/api/v1/events/{event_id}/notes", (401, 404, 403, 403, 200, 200)),
    ("POST", "/api/v1/events/{event_id}/actions", (401, 404, 403, 403, 201, 201)),
    ("GET", "/api/v1/circles/{circle_id}/actions", (401, 404, 404, 200, 200, 200)),
    ("POST", "/api/v1/meeting-actions/{missing_id}/toggle", (401, 404, 404, 404, 404, 404)),
    ("GET", "/api/v1/me/connections", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/me/suggestions", (401, 200, 200, 200, 200, 200)),
    # Maya cannot ask herself; Fred is connected already; Diana has asked already.
    ("POST", "/api/v1/me/connections", (401, 404, 404, 403, 400, 400)),
    ("DELETE", "/api/v1/me/connections/{member_id}", (401, 404, 404, 404, 204, 404)),
    ("GET", "/api/v1/me/connection-requests", (401, 200, 200, 200, 200, 200)),
    (
        "POST",
        "/api/v1/connection-requests/{connection_request_id}/answer",
        (401, 404, 404, 200, 404, 403),
    ),
    ("GET", "/api/v1/me/introductions", (401, 200, 200, 200, 200, 200)),
    # Fred introduces Maya and Gus; Diana then finds them introduced already.
    ("POST", "/api/v1/introductions", (401, 404, 403, 403, 201, 400)),
    ("POST", "/api/v1/introductions/{introduction_id}/answer", (401, 404, 404, 200, 403, 200)),
    ("GET", "/api/v1/conversations", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/conversations", (401, 404, 404, 403, 201, 201)),
    ("GET", "/api/v1/conversations/{conversation_id}", (401, 404, 404, 200, 200, 404)),
    ("GET", "/api/v1/conversations/{conversation_id}/messages", (401, 404, 404, 200, 200, 404)),
    ("POST", "/api/v1/conversations/{conversation_id}/messages", (401, 404, 404, 201, 201, 404)),
    ("POST", "/api/v1/conversations/{conversation_id}/read", (401, 404, 404, 200, 200, 404)),
    ("POST", "/api/v1/conversations/{conversation_id}/reports", (401, 404, 404, 201, 201, 404)),
    ("GET", "/api/v1/people/{member_id}/context", (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/coffee-rounds", (401, 404, 403, 403, 200, 200)),
    # Nobody has opted in in the matrix's world: a round cannot start.
    ("POST", "/api/v1/communities/acme/coffee-rounds", (401, 404, 403, 403, 400, 400)),
    ("GET", "/api/v1/communities/acme/coffee-pairs", (401, 404, 403, 200, 200, 200)),
    ("GET", "/api/v1/communities/acme/network", (401, 404, 403, 403, 200, 200)),
    ("POST", "/api/v1/me/coffee-roulette", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/coffee-pairs/{coffee_pair_id}/answer", (401, 404, 404, 200, 404, 200)),
]


@pytest.fixture
def world(
    director: Any,
    facilitator: Any,
    member: Any,
    guest: Any,
    outsider: Any,
    circle: Any,
    private_circle: Any,
) -> dict[str, Any]:
    return {
        "anonymous": None,
        "outsider": outsider,
        "guest": guest,
        "member": member,
        "facilitator": facilitator,
        "director": director,
        "member_id": member.pk,
        "facilitator_id": facilitator.pk,
        "director_id": director.pk,
        "circle_id": circle.pk,
        "private_circle_id": private_circle.pk,
        "member_membership_id": member.memberships.get().pk,
        "event_id": _event(director, None).pk,
        "board_event_id": _event(director, private_circle).pk,
        **_topics(director, private_circle),
        **_goals(member, circle),
        **_programmes(director),
        **_mentorship(member, facilitator),
        **_more(director, member, facilitator),
        **_office_hours(facilitator, member),
        **_innovation(director, member, private_circle),
        **_boards(director, member, private_circle),
        **_hackathons(director, member, facilitator, private_circle),
        **_library(director, member, private_circle),
        **_peer_feedback(director, member),
        **_feedback(director, member, facilitator),
        **_cohort_programme(director, member),
        **_interest_groups(director, member),
        **_network(director, facilitator, member, guest),
        **_outcomes(director),
    }


def _interest_groups(director: Any, member: Any) -> dict[str, int]:
    """Maya's proposal, waiting for a director, and an open group the director leads."""
    from salon.communities.services.interest_groups import interest_group_propose

    community = director.memberships.get().community
    proposed = interest_group_propose(actor=member, community=community, name="Proposed group")
    community.interest_groups_need_approval = False
    started = interest_group_propose(actor=director, community=community, name="Open group")
    community.interest_groups_need_approval = True
    return {"proposed_group_id": proposed.pk, "open_group_id": started.pk}


def _outcomes(director: Any) -> dict[str, int]:
    """The outcome figures as the hourly job stores them (pages never compute them), and
    a sponsor from outside the community they are shared with."""
    from salon.analytics.models import Sponsor
    from salon.analytics.rollups import snapshots_store

    community = director.memberships.get().community
    snapshots_store(community)
    sam = make_user("sam@sponsor.test", "Sam Sponsor")
    sponsor = Sponsor.objects.create(community=community, user=sam, added_by=director)
    return {"sponsor_id": sponsor.pk}


def _cohort_programme(director: Any, member: Any) -> dict[str, int]:
    """The 2026 cohort (Maya in it), its programme, a module running now and its pre-work."""
    from conftest import join, make_user
    from salon.communities.models import Circle, CircleMembership
    from salon.programmes.models import PeerReview
    from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
    from salon.programmes.services.programmes import ProgrammePlan, programme_create
    from salon.programmes.services.progress import item_done

    community = director.memberships.get().community
    cohort = Circle.objects.create(
        community=community, name="Cohort 2026", slug="cohort-2026", kind="cohort"
    )
    CircleMembership.objects.create(circle=cohort, user=member)
    today = date.today()
    programme = programme_create(
        actor=director,
        community=community,
        plan=ProgrammePlan(
            title="Matrix programme",
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=90),
            cohorts=[cohort],
        ),
    )
    module = module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(title="Matrix module", starts_on=today, ends_on=today),
    )
    item = item_add(
        actor=director,
        module=module,
        plan=ItemPlan(kind="prework", title="Primer", url="https://example.org/"),
    )
    # The cohort's peer-circle meeting, whose notes the circle keeps (salon/circles).
    meeting = item_add(
        actor=director, module=module, plan=ItemPlan(kind="meeting", title="Peer circle")
    )
    # Rita, in the cohort too, hands in a peer-reviewed assignment: Maya is asked to review.
    assignment = item_add(
        actor=director,
        module=module,
        plan=ItemPlan(kind="assignment", title="Plan", peer_review=True),
    )
    rita = make_user("rita@acme.test", "Rita Reviewed")
    join(rita, community)
    CircleMembership.objects.create(circle=cohort, user=rita)
    item_done(actor=rita, item=assignment, answer="My plan.")
    return {
        "peer_review_id": PeerReview.objects.get(author=rita).pk,
        "peer_assignment_id": assignment.pk,
        "cohort_programme_id": programme.pk,
        "programme_module_id": module.pk,
        "programme_item_id": item.pk,
        "programme_meeting_id": meeting.pk,
        "cohort_circle_id": cohort.pk,
    }


def _network(director: Any, facilitator: Any, member: Any, guest: Any) -> dict[str, int]:
    """Maya is connected with Fred and writes with him; Diana asked Maya to connect; Fred
    introduced Maya and Diana; Maya reported Fred's first message to the moderators."""
    from salon.network.models import CoffeePair, CoffeeRound, CountryNote
    from salon.network.services.connections import (
        connection_request_answer,
        connection_request_send,
    )
    from salon.network.services.conversations import conversation_start
    from salon.network.services.introductions import introduction_create
    from salon.network.services.moderation import conversation_report

    community = member.memberships.get().community
    connection_request_answer(
        actor=facilitator,
        request=connection_request_send(actor=member, other=facilitator),
        accept=True,
    )
    asked = connection_request_send(actor=director, other=member, note="Hello")
    conversation = conversation_start(actor=member, others=[facilitator], body="Matrix hello")
    introduction = introduction_create(
        actor=facilitator, community=community, first=member, second=director, note="Meet."
    )
    first = conversation.messages.get()
    report = conversation_report(
        actor=member, conversation=conversation, reason="Matrix", message_ids=[first.pk]
    )
    note = CountryNote.objects.create(
        community=community, country="Saudi Arabia", body="Meetings start with coffee."
    )
    coffee = CoffeeRound.objects.create(community=community, meet_by=date.today())
    pair = CoffeePair.objects.create(round=coffee, first=member, second=director)
    return {
        "coffee_pair_id": pair.pk,
        "country_note_id": note.pk,
        "guest_id": guest.pk,
        "connection_request_id": asked.pk,
        "conversation_id": conversation.pk,
        "message_id": first.pk,
        "introduction_id": introduction.pk,
        "conversation_report_id": report.pk,
    }


def _office_hours(facilitator: Any, member: Any) -> dict[str, int]:
    """Fred's office hours every morning for two weeks, and Maya's booking of one."""
    from datetime import time

    from django.utils import timezone

    from salon.events.office_hours.models import Slot
    from salon.events.office_hours.services import (
        OfficeHoursPlan,
        booking_create,
        office_hours_publish,
    )
    from salon.events.office_hours.slots import Window

    community = facilitator.memberships.get().community
    offer = office_hours_publish(
        actor=facilitator,
        community=community,
        plan=OfficeHoursPlan(windows=tuple(Window(d, time(9), time(11)) for d in range(7))),
    )
    later = Slot.objects.filter(
        office_hours=offer, starts_at__gt=timezone.now() + timedelta(days=1)
    )
    first, second, third = later.order_by("starts_at")[:3]
    booking = booking_create(member=member, slot=first, question="How do I start?")
    return {
        "office_hours_id": offer.pk,
        "booking_id": booking.pk,
        "slot_id": second.pk,
        "other_slot_id": third.pk,
    }


def _innovation(director: Any, member: Any, private_circle: Any) -> dict[str, int]:
    from datetime import date

    from salon.innovation.services.challenges import ChallengePlan, challenge_create
    from salon.innovation.services.ideas import IdeaText, idea_submit

    community = director.memberships.get().community
    today = date.today()
    dates: dict[str, Any] = {
        "opens_on": today - timedelta(days=1),
        "submit_until": today + timedelta(days=10),
        "refine_until": today + timedelta(days=20),
        "evaluate_until": today + timedelta(days=30),
        "decide_until": today + timedelta(days=40),
    }
    text = IdeaText(title="Identity checks in a day", problem="Slow.", proposal="Fast.")
    open_one = challenge_create(
        actor=director, community=community, plan=ChallengePlan("Open", "Why.", **dates)
    )
    board = challenge_create(
        actor=director,
        community=community,
        plan=ChallengePlan("Board", "Why.", circle=private_circle, **dates),
    )
    return {
        "challenge_id": open_one.pk,
        "board_challenge_id": board.pk,
        "idea_id": idea_submit(actor=member, challenge=open_one, text=text).pk,
        "board_idea_id": idea_submit(actor=director, challenge=board, text=text).pk,
    }


def _boards(director: Any, member: Any, private_circle: Any) -> dict[str, int]:
    from salon.innovation.services.boards import (
        BoardPlan,
        board_create,
        cluster_add,
        note_add,
    )

    community = director.memberships.get().community
    board = board_create(actor=director, community=community, plan=BoardPlan(title="Ideas"))
    cluster = cluster_add(actor=director, board=board, name="Process")
    private = board_create(
        actor=director,
        community=community,
        plan=BoardPlan(title="Board's own", circle=private_circle),
    )
    return {
        "brainstorm_id": board.pk,
        "private_brainstorm_id": private.pk,
        "board_cluster_id": cluster.pk,
        "board_note_id": note_add(
            actor=member, board=board, text="Fewer sign-offs", cluster_id=cluster.pk
        ).pk,
        "private_note_id": note_add(actor=director, board=private, text="Budget").pk,
    }


def _hackathons(
    director: Any, member: Any, facilitator: Any, private_circle: Any
) -> dict[str, int]:
    from django.utils import timezone

    from salon.events.models import EventFormat
    from salon.events.services import EventPlan, event_create
    from salon.innovation.services.hackathons import (
        HackathonPlan,
        hackathon_create,
        judge_add,
        team_create,
    )

    community = director.memberships.get().community
    now = timezone.now()
    made = []
    for circle in (None, private_circle):
        event = event_create(
            actor=director,
            community=community,
            plan=EventPlan(
                title="Matrix hackathon",
                format=EventFormat.objects.get(slug="hackathon"),
                timezone="Europe/London",
                start_local=datetime(2030, 1, 8, 9, 0),
                duration=timedelta(hours=30),
                circle=circle,
            ),
        )
        made.append(
            hackathon_create(
                actor=director,
                community=community,
                plan=HackathonPlan(
                    event=event,
                    teams_until=now + timedelta(days=1),
                    submit_until=now + timedelta(days=2),
                    judge_until=now + timedelta(days=3),
                ),
            )
        )
    hackathon = made[0]
    return {
        "hackathon_id": hackathon.pk,
        "private_hackathon_id": made[1].pk,
        "team_id": team_create(actor=member, hackathon=hackathon, name="Owls").pk,
        "judge_id": judge_add(actor=director, hackathon=hackathon, user=facilitator).pk,
    }


def _feedback(director: Any, member: Any, facilitator: Any) -> dict[str, int]:
    """Maya in an open 360° cycle (her list approved, the facilitator her manager) and in a
    closed one (her report)."""
    from django.test import TestCase

    from salon.feedback.models import Nomination, Participant
    from salon.feedback.services import cycles as cycle_services
    from salon.goals.models import Competency

    community = director.memberships.get().community
    plan = cycle_services.CyclePlan(
        title="Matrix 360",
        competencies=list(Competency.objects.filter(community=community)[:2]),
        opens_on=date(2030, 1, 7),
        nominations_close_on=date(2030, 1, 14),
        closes_on=date(2030, 2, 4),
        questions=["Keep doing?", "Do differently?"],
        people=[member],
        group_limits={"manager": [0, 1], "peers": [0, 5]},
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        closed = cycle_services.cycle_create(actor=director, community=community, plan=plan)
        cycle_services.cycle_close(actor=director, cycle=closed)
        cycle = cycle_services.cycle_create(actor=director, community=community, plan=plan)
        participant = Participant.objects.get(cycle=cycle)
        cycle_services.nomination_add(
            actor=member, participant=participant, rater=facilitator, group="manager"
        )
        participant.refresh_from_db()
        cycle_services.nominations_submit(actor=member, participant=participant)
        cycle_services.nominations_approve(actor=director, participant=participant)
    return {
        "feedback_cycle_id": cycle.pk,
        "feedback_participant_id": participant.pk,
        "feedback_nomination_id": Nomination.objects.get(participant=participant, group="self").pk,
        "feedback_report_id": Participant.objects.get(cycle=closed).pk,
    }


def _more(director: Any, member: Any, facilitator: Any) -> dict[str, int]:
    """The rest of what routes point at: an objective with a key result, a competency, a
    milestone of the member's community goal, an invitation, the member's token and
    notification, a ruled-out pair and an action item of the mentorship."""
    from salon.accounts.services import api_token_create
    from salon.communities.services import invitation_create
    from salon.goals.models import Competency, Goal
    from salon.goals.services.goals import milestone_add
    from salon.goals.services.objectives import KeyResultPlan, objective_create
    from salon.mentoring.models import ActionItem, ForbiddenPair, Mentorship, Programme
    from salon.notifications.models import Notification

    community = director.memberships.get().community
    objective = objective_create(
        actor=director,
        community=community,
        title="Matrix objective",
        period="2030",
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 12, 31),
        key_results=[KeyResultPlan(title="Matrix key result", target=10)],
    )
    goal = Goal.objects.get(owner=member, title="Matrix community goal")
    milestone = milestone_add(actor=member, goal=goal, title="First step")
    invitation = invitation_create(actor=director, community=community, email="new@acme.test")
    token, _secret = api_token_create(user=member, name="Matrix")
    notification = Notification.objects.create(
        recipient=member, kind="discussions.reply", community=community, key="matrix"
    )
    programme = Programme.objects.get(name="Open")
    forbidden = ForbiddenPair.objects.create(
        programme=programme, mentee=member, mentor=facilitator, by=director
    )
    mentorship = Mentorship.objects.get(mentee=member)
    action = ActionItem.objects.create(mentorship=mentorship, text="Read", owner=member)
    competency = Competency.objects.filter(community=community).first()
    return {
        "objective_id": objective.pk,
        "key_result_id": objective.key_results.get().pk,
        "competency_id": getattr(competency, "pk", 0),
        "milestone_id": milestone.pk,
        "invitation_id": invitation.pk,
        "token_id": token.pk,
        "notification_id": notification.pk,
        "forbidden_id": forbidden.pk,
        "action_id": action.pk,
        "missing_id": 999_999,
    }


def _library(director: Any, member: Any, private_circle: Any) -> dict[str, int]:
    """A published resource, one in the private circle, the member's suggestion, and a
    published path with a step beside a draft one."""
    from salon.resources.services.library import ResourcePlan, resource_create
    from salon.resources.services.paths import (
        PathPlan,
        StepPlan,
        path_create,
        path_set_status,
        step_add,
    )

    community = director.memberships.get().community
    case = resource_create(
        actor=director,
        community=community,
        plan=ResourcePlan(kind="case_study", title="Matrix case", body="A case."),
    )
    board = resource_create(
        actor=director,
        community=community,
        plan=ResourcePlan(kind="insight", title="Board insight", circle=private_circle),
    )
    suggested = resource_create(
        actor=member,
        community=community,
        plan=ResourcePlan(kind="link", title="Member's link", url="https://example.org/"),
    )
    path = path_create(actor=director, community=community, plan=PathPlan(title="Matrix path"))
    step = step_add(
        actor=director, path=path, plan=StepPlan(kind="resource", title="", resource=case)
    )
    path_set_status(actor=director, path=path, status="published")
    draft = path_create(actor=director, community=community, plan=PathPlan(title="Draft path"))
    draft_step = step_add(actor=director, path=draft, plan=StepPlan(kind="reflection", title="x"))
    return {
        "resource_id": case.pk,
        "board_resource_id": board.pk,
        "suggested_resource_id": suggested.pk,
        "path_id": path.pk,
        "draft_path_id": draft.pk,
        "step_id": step.pk,
        "draft_step_id": draft_step.pk,
    }


def _peer_feedback(director: Any, member: Any) -> dict[str, int]:
    """Feedback the director gave the member, on a competency, and Pia: a member anyone may
    praise or ask."""
    from conftest import join, make_user
    from salon.feedback.services.peer import peer_feedback_give
    from salon.goals.models import Competency

    community = member.memberships.get().community
    feedback = peer_feedback_give(
        actor=director,
        community=community,
        receiver=member,
        situation="The matrix review",
        behaviour="You listened.",
        impact="We agreed.",
        competency=Competency.objects.filter(community=community).first(),
    )
    pia = make_user("pia@acme.test", "Pia Peer")
    join(pia, community)
    return {"peer_feedback_id": feedback.pk, "pia_id": pia.pk}


def _goals(member: Any, circle: Any) -> dict[str, int]:
    from salon.goals.models import Competency
    from salon.goals.services.goals import goal_create

    community = circle.community
    competency = Competency.objects.filter(community=community).first()
    ids = {}
    for level in ("only_me", "circle", "community"):
        goal = goal_create(
            owner=member,
            community=community,
            competency=competency,
            title=f"Matrix {level} goal",
            success_looks_like="Clear.",
            visibility=level,
            circle=circle if level == "circle" else None,
        )
        ids[level] = goal.pk
    return {
        "private_goal_id": ids["only_me"],
        "circle_goal_id": ids["circle"],
        "community_goal_id": ids["community"],
    }


def _mentorship(member: Any, facilitator: Any) -> dict[str, int]:
    from datetime import date

    from django.utils import timezone

    from salon.mentoring.models import MentoringSession, Mentorship, Programme

    programme = Programme.objects.create(
        community=member.memberships.get().community,
        name="Matrix mentoring",
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 6, 30),
        status="active",
    )
    mentorship = Mentorship.objects.create(
        programme=programme, mentee=member, mentor=facilitator, started_at=timezone.now()
    )
    session = MentoringSession.objects.create(
        mentorship=mentorship, held_on=date(2026, 1, 5), logged_by=member
    )
    return {"mentorship_id": mentorship.pk, "mentoring_session_id": session.pk}


def _programmes(director: Any) -> dict[str, int]:
    from django.utils import timezone

    from salon.mentoring.services.programmes import programme_create, programme_set_status

    community = director.memberships.get().community
    dates = {"starts_on": date(2030, 1, 7), "ends_on": date(2030, 6, 28)}
    programme = programme_create(actor=director, community=community, name="Open", **dates)
    programme_set_status(actor=director, programme=programme, status="enrolling")
    draft = programme_create(actor=director, community=community, name="Draft", **dates)
    # A match the programme team is reviewing, and one published to the member (mentee).
    from salon.mentoring.models import Match

    people = {m.role: m.user for m in community.memberships.select_related("user")}
    staged = Match.objects.create(
        programme=programme, mentee=people["member"], mentor=people["facilitator"]
    )
    published = Match.objects.create(
        programme=programme,
        mentee=people["member"],
        mentor=people["facilitator"],
        status="published",
        published_at=timezone.now(),
    )
    return {
        "programme_id": programme.pk,
        "draft_programme_id": draft.pk,
        "staged_match_id": staged.pk,
        "published_match_id": published.pk,
    }


def _topics(director: Any, private_circle: Any) -> dict[str, int]:
    from salon.discussions.categories import category_create
    from salon.discussions.services.topics import topic_create

    community = director.memberships.get().community
    general = category_create(actor=director, community=community, name="General")
    board = category_create(actor=director, community=community, name="B", circle=private_circle)
    topic = topic_create(actor=director, category=general, title="Matrix", body="Text")
    board_topic = topic_create(actor=director, category=board, title="Board", body="Text")
    return {
        "category_id": general.pk,
        "board_category_id": board.pk,
        "topic_id": topic.pk,
        "board_topic_id": board_topic.pk,
        "opening_post_id": topic.posts.get(number=1).pk,
        "board_post_id": board_topic.posts.get(number=1).pk,
    }


def _event(director: Any, circle: Any) -> Any:
    from salon.events.models import EventFormat
    from salon.events.services import EventPlan, event_create

    return event_create(
        actor=director,
        community=director.memberships.get().community,
        plan=EventPlan(
            title="Matrix session",
            format=EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "W"})[0],
            timezone="Europe/London",
            start_local=datetime(2030, 1, 8, 9, 0),
            duration=timedelta(hours=1),
            circle=circle,
        ),
    )


def _client(world: dict[str, Any], persona: str) -> Client:
    return client_for(world[persona])


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_every_page_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    got = tuple(_client(world, p).get(url).status_code for p in PERSONAS)
    assert got == expected, f"{url}: {dict(zip(PERSONAS, got, strict=True))}"


@pytest.mark.parametrize(("path", "expected"), POSTS)
def test_every_form_post_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    got = tuple(_client(world, p).post(url, {}).status_code for p in PERSONAS)
    assert got == expected, f"POST {url}: {dict(zip(PERSONAS, got, strict=True))}"


def _payload(path: str, n: int, world: dict[str, Any]) -> dict[str, Any]:
    if path.endswith("/reschedule"):
        return {"slot": world["other_slot_id"]}
    if path.endswith("/hackathons/{hackathon_id}/scores"):
        return {"team": world["team_id"], "scores": {"Originality": 3}}
    if path.endswith("/coffee-rounds"):
        return {"meet_by": (date.today() + timedelta(days=14)).isoformat()}
    if path.endswith("/coffee-roulette"):
        return {"join": n % 2 == 0}
    if path.endswith("/coffee-pairs/{coffee_pair_id}/answer"):
        return {"met": True}
    if path.endswith("/me/connections"):
        return {"user": world["member_id"], "note": "Hello"}
    if path.endswith("/introductions"):
        people = {"first": world["member_id"], "second": world["guest_id"]}
        return {"community": "acme", **people, "note": f"Meet {n}"}
    if path.endswith("/conversations"):
        return {"to": [world["member_id"]], "body": f"Hello {n}"}
    if path.endswith("/conversations/{conversation_id}/messages"):
        return {"body": f"Message {n}"}
    if path.endswith("/reports"):
        return {"reason": "Rude", "messages": [world["message_id"]]}
    if path.endswith("/rating"):
        return {"rating": 5, "note": "Useful."}
    if path.endswith("/bookings"):
        return {"question": f"Question {n}"}
    if path.endswith("/peer-reviews/{peer_review_id}/submit"):
        return {"works": "Clear.", "suggestion": f"Shorter {n}."}
    if path.endswith("/interest-groups"):
        return {"name": f"Group {n}", "description": "We meet monthly."}
    if path.endswith("/nudges"):
        return {"recipient": world["member_id"], "message": f"Hello {n}"}
    if path.endswith("/notes"):
        return {"text": f"Notes {n}"}
    if path.endswith("/{event_id}/actions"):
        return {"text": f"Action {n}", "owner": world["director_id"]}
    if path.startswith("/api/v1/circles/") and path.endswith("/members"):
        return {"users": [world["facilitator"].pk]}
    if path.startswith("/api/v1/circles/"):
        return {"description": f"Edited {n}"}
    if path.endswith("/circles"):
        return {"name": f"Circle {n}", "kind": "cohort"}
    if path.endswith("/members"):
        return {"email": f"new{n}@acme.test", "role": "member"}
    if path.endswith("/planner"):
        return {"start_date": "2030-01-07", "days": 2}
    if path.endswith("/flags"):
        return {"reason": "off_topic"}
    if path.endswith("/objectives"):
        return {
            "title": f"Objective {n}",
            "period": "Q1",
            "starts_on": "2030-01-01",
            "ends_on": "2030-03-31",
        }
    if path.endswith("/me/goals"):
        from salon.goals.models import Competency

        competency = Competency.objects.filter(community__slug="acme").first()
        return {
            "community": "acme",
            "competency": getattr(competency, "pk", 0),
            "title": f"Goal {n}",
            "success_looks_like": "Clear.",
            "visibility": "only_me",
        }
    if path.endswith("/feedback-cycles"):
        from salon.goals.models import Competency

        competency = Competency.objects.filter(community__slug="acme").first()
        return {
            "title": f"360 {n}",
            "competencies": [getattr(competency, "pk", 0)],
            "questions": ["Keep doing?", "Do differently?"],
            "people": [world["member"].pk],
            "opens_on": "2030-03-02",
            "nominations_close_on": "2030-03-09",
            "closes_on": "2030-03-30",
        }
    if path.endswith("/nominations"):
        return {"rater": world["director"].pk, "group": "peers"}
    if path.endswith("/responses"):
        return {"person": world["member"].pk, "scores": {}, "draft": True}
    if path.endswith("/programmes"):
        return {"name": f"Programme {n}", "starts_on": "2030-01-07", "ends_on": "2030-06-28"}
    if path.endswith("/cohort-programmes"):
        return {
            "title": f"Cohort programme {n}",
            "starts_on": "2030-01-07",
            "ends_on": "2030-06-28",
        }
    if path.endswith("/copies"):
        return {"title": f"Next cohort {n}", "starts_on": "2031-01-06"}
    if path.endswith("/{cohort_programme_id}/modules"):
        return {"title": f"Module {n}", "starts_on": "2030-02-02", "ends_on": "2030-02-20"}
    if path.endswith("/items"):
        return {"kind": "meeting", "title": f"Circle meeting {n}"}
    if path.endswith(("/{programme_module_id}", "/{programme_item_id}")):
        return {"title": f"Renamed {n}"}
    if path.endswith("/check-ins"):
        return {"progress": 10 * n, "confidence": 5}
    if path.endswith("/challenges"):
        return {
            "title": f"Challenge {n}",
            "problem": "Why.",
            "opens_on": "2030-01-01",
            "submit_until": "2030-01-31",
            "refine_until": "2030-02-14",
            "evaluate_until": "2030-02-28",
            "decide_until": "2030-03-07",
        }
    if path.endswith("/ideas"):
        return {"title": f"Idea {n}", "problem": "Slow.", "proposal": "Fast."}
    if path.endswith("/stage"):
        return {"stage": "experiment" if n == 5 else "shortlisted", "note": "Clear case."}
    if path.endswith("/feedback-requests"):
        ids = [world["member_id"], world["facilitator_id"]]
        return {"community": "acme", "recipients": ids, "situation": f"Talk {n}"}
    if path.endswith("/praise"):
        from salon.goals.models import Competency

        competency = Competency.objects.filter(community__slug="acme").first()
        return {
            "receiver": world["pia_id"],
            "competency": getattr(competency, "pk", 0),
            "message": "Thanks",
        }
    return _more_payloads(path, n)


def _more_payloads(path: str, n: int) -> dict[str, Any]:
    """A valid body for each of the other writes, so that what answers is the policy."""
    by_ending: dict[str, dict[str, Any]] = {
        "/rsvp": {"status": "going"},
        "/posts": {"body": f"Reply {n}"},
        "/topics": {"category": "general", "title": f"Topic {n}", "body": "Text"},
        "/reactions": {"emoji": "thanks"},
        "/subscription": {"level": "watch"},
        "/accept": {"post": None},
        "/action-items": {"text": f"Read chapter {n}"},
        "/sessions": {"held_on": "2026-01-05"},
        "/end": {"reason": "We met our goals."},
        "/answer": {"accept": True},
        "/attendance": {"present": []},
        "/check-in": {"code": "ABC123"},
        "/swap": {"other": 999_999},
        "/requests": {"mentor": 999_999},
        "/enrolment": {"side": "mentor"},
        "/{key_result_id}": {"version": 1, "current": 5},
        "/{opening_post_id}": {"body": f"Edited {n}"},
        "/votes": {"votes": 1},
        "/scores": {"scores": {"Feasibility": 3}},
        "/{idea_id}": {"title": f"Edited idea {n}"},
        "/{resource_id}": {"summary": f"Edited {n}"},
        "/done": {"reflection": ""},
        "/communities/acme/resources": {
            "kind": "link",
            "title": f"Link {n}",
            "url": "https://example.org/",
        },
        "/communities/acme/paths": {"title": f"Path {n}"},
        "/teams": {"name": f"Team {n}"},
        "/submissions": {"pitch": f"Pitch {n}"},
    }
    for ending, payload in by_ending.items():
        if path.endswith(ending):
            return payload
    return {"role": "mentor"}


@pytest.mark.parametrize(("method", "path", "expected"), API)
def test_every_api_route_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], method: str, path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    got = []
    for n, persona in enumerate(PERSONAS):
        client = _client(world, persona)
        if method == "GET":
            response = client.get(url)
        else:
            response = getattr(client, method.lower())(
                url, _payload(path, n, world), content_type="application/json"
            )
        got.append(response.status_code)
        if response.status_code >= 400:
            assert "detail" in response.json(), f"{persona} {method} {url}: {response.content!r}"
    assert tuple(got) == expected, f"{method} {url}: {dict(zip(PERSONAS, got, strict=True))}"


@pytest.mark.parametrize(("path", "data", "expected"), PAGE_POSTS)
def test_every_page_form_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], path: str, data: dict[str, Any], expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    filled = {
        key: [v.format(**world) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }
    got = tuple(_client(world, p).post(url, filled).status_code for p in PERSONAS)
    assert got == expected, f"POST {url}: {dict(zip(PERSONAS, got, strict=True))}"


def test_a_private_community_leaks_nothing_to_an_outsider(world: dict[str, Any]) -> None:
    client = _client(world, "outsider")
    for url in [
        "/home/",
        "/communities/",
        "/events/",
        "/search/?q=Leaders",
        "/api/v1/communities",
        "/api/v1/search?q=Leaders",
    ]:
        body = client.get(url).content.decode()
        assert "Acme" not in body, url
        assert "acme" not in body, url
    missing = client.get("/c/does-not-exist/")
    hidden = client.get("/c/acme/")
    # The same answer for what exists and what does not: not even existence leaks.
    assert missing.status_code == hidden.status_code == 404
    api_missing = client.get("/api/v1/communities/does-not-exist")
    api_hidden = client.get("/api/v1/communities/acme")
    assert api_missing.json() == api_hidden.json()


def test_an_open_community_shows_its_purpose_but_not_its_people_to_outsiders(
    world: dict[str, Any], community: Any
) -> None:
    community.visibility = "open"
    community.purpose = "We learn together."
    community.save()
    client = _client(world, "outsider")
    page = client.get("/c/acme/")
    assert page.status_code == 200
    assert "We learn together." in page.content.decode()
    assert "Maya Member" not in page.content.decode()
    assert client.get("/c/acme/people/").status_code == 403
    assert client.get("/api/v1/communities/acme").json()["member_count"] is None


# Every route has a row ------------------------------------------------------------------

# Routes the matrix leaves out, each with why.
NOT_IN_THE_MATRIX = {
    "admin/": "Django's admin: site staff only, behind its own sign-in",
    "accounts/": "allauth's sign-in, sign-up, password and two-factor pages",
    "media/": "uploaded files, served this way only in development",
    "api/": "the API's operations are compared one by one below",
}


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def _route(path: str) -> str:
    return resolve(re.sub(r"\{\w+\}", "1", path.split("?")[0])).route


def test_every_page_route_has_a_row_in_the_matrix() -> None:
    rows = {_route(path) for path, _ in PAGES + POSTS}
    rows |= {_route(path) for path, _data, _expected in PAGE_POSTS}
    routes = {
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith(tuple(NOT_IN_THE_MATRIX))
    }
    missing = sorted(routes - rows)
    assert not missing, f"Add a row to PAGES or POSTS for each of these routes: {missing}"


def test_every_api_operation_has_a_row_in_the_matrix() -> None:
    from salon.api.main import api

    schema = api.get_openapi_schema()
    operations = {(m.upper(), path) for path, methods in schema["paths"].items() for m in methods}
    rows = {
        (method, "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", _route(path)))
        for method, path, _ in API
    }
    missing = sorted(operations - rows)
    assert not missing, f"Add a row to API for each of these operations: {missing}"
    assert rows <= operations, f"Rows for operations that do not exist: {rows - operations}"
