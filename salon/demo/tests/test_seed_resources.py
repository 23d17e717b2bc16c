"""The demo's libraries: believable resources with PDFs whose words are read and whose
first pages are drawn, the network's cohort path with members at different steps, and
"For you" for the demo member drawn from their goals."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from salon.accounts.models import User
from salon.communities.models import Community
from salon.resources.models import LearningPath, Resource, ResourceVersion
from salon.resources.recommendations import recommendations_for


def test_the_demo_libraries_have_searchable_pdfs_with_previews_a_cohort_path_and_picks(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path

    call_command("seed_demo")

    for slug in ("global-executive-network", "innovation-lab"):
        community = Community.objects.get(slug=slug)
        kinds = set(Resource.objects.filter(community=community).values_list("kind", flat=True))
        assert {"case_study", "template", "insight"} <= kinds, slug
    pdfs = ResourceVersion.objects.filter(attachment__content_type="application/pdf")
    assert pdfs.exists()
    assert not pdfs.exclude(text_status="read").exists()
    assert not pdfs.filter(preview="").exists()
    path = LearningPath.objects.get(title="Leading across cultures")
    done_per_member = {
        e.user_id: e.user.step_completions.filter(step__path=path).count()
        for e in path.enrolments.select_related("user")
    }
    assert len(set(done_per_member.values())) >= 3  # members at different steps
    member = User.objects.get(email="member@salon.test")
    picks = recommendations_for(user=member, limit=5)
    assert picks
    assert any(p.reason.startswith("Because your goal") for p in picks)
