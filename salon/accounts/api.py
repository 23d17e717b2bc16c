from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ValidationInfo, field_validator

from salon.accounts.models import User
from salon.api.schemas import LocalTime
from salon.events.services import calendar_feed_for

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    title: str
    organisation: str
    organisation_unit: str
    function: str
    industry: str
    region: str
    country: str
    timezone: str
    languages: list[str]
    working_hours: list[LocalTime] = Field(
        ..., min_length=2, max_length=2, description="[start, end] of the working day, local."
    )
    bio: str
    interests: list[str]
    profile_url: str
    calendar_feed_url: str | None = None


class MePatch(Schema):
    name: str | None = Field(None, max_length=150, pattern=r"\S", description="Not blank.")
    title: str | None = Field(None, max_length=150)
    organisation: str | None = Field(None, max_length=150)
    country: str | None = Field(None, max_length=100)
    bio: str | None = Field(None, max_length=4000)

    @field_validator("name", "title", "organisation", "country", "bio")
    @classmethod
    def _strip(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if info.field_name == "name" and not value:
            raise ValueError("Your name cannot be empty.")
        return value


def me_out(user: User, request: HttpRequest) -> MeOut:
    return MeOut(
        id=user.pk,
        email=user.email,
        name=user.name,
        title=user.title,
        organisation=user.organisation,
        organisation_unit=user.organisation_unit,
        function=user.function,
        industry=user.industry,
        region=user.region,
        country=user.country,
        timezone=user.timezone,
        languages=[lang.code for lang in user.languages.all()],
        working_hours=[user.work_start, user.work_end],
        bio=user.bio,
        interests=list(user.interests or []),
        profile_url=request.build_absolute_uri(user.get_absolute_url()),
        calendar_feed_url=request.build_absolute_uri(
            calendar_feed_for(user=user).get_absolute_url()
        ),
    )


@router.get("/me", response=MeOut, summary="The signed-in person's profile")
def me(request: HttpRequest) -> MeOut:
    return me_out(request.user, request)  # type: ignore[arg-type]


@router.patch("/me", response=MeOut, summary="Update your own profile")
def me_patch(request: HttpRequest, payload: MePatch) -> MeOut:
    from salon.accounts.services import profile_update

    user = User.objects.get(pk=request.user.pk or 0)
    profile_update(user=user, **payload.dict(exclude_unset=True, exclude_none=True))
    return me_out(user, request)
