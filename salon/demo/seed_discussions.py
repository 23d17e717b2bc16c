"""The demo's forums: both communities get conversations worth clicking through.

Everything is written through the discussions services (topics, replies, mentions,
reactions, accepted answers, read marks, subscriptions), so the demo exercises the real
paths, then moved back in time: the services stamp "now", and a forum whose every post is
a minute old is not believable. Notifications fire after the seed commits; a last
after-commit step dates them like the posts they are about, drops the reply notices a
person could not have had (replies written before they joined the conversation), and
marks what is older than a day as read and emailed, so the bell shows what is new.

People are picked by what they do and where (``Who``), not by name, so the forums keep
working when ``people.py`` makes up different names. In the text, ``@{key}`` becomes
that person's @handle and ``{key}`` their first name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from salon.communities.models import CircleMembership, Community, Membership
from salon.discussions import mentions
from salon.discussions import notifications as notices
from salon.discussions.models import (
    Category,
    Emoji,
    Level,
    Post,
    PostRevision,
    Reaction,
    Topic,
    TopicKind,
)
from salon.discussions.services import (
    answer_accept,
    category_create,
    post_edit,
    post_reply,
    reaction_toggle,
    subscription_set,
    topic_create,
    topic_mark_read,
    topic_moderate,
)
from salon.notifications.models import EmailStatus, Notification

ALL = 10_000  # "read everything": read marks are capped at the topic's last post
QUESTION, ANNOUNCEMENT = TopicKind.QUESTION, TopicKind.ANNOUNCEMENT


@dataclass(frozen=True)
class Who:
    """A demo person by country and what they do; ``title`` is a word of their title."""

    country: str
    function: str = ""
    title: str = ""
    role: str = ""


@dataclass(frozen=True)
class Forum:
    key: str
    name: str
    description: str
    circle: str = ""  # the circle's slug: the category is in that circle's forum
    chatham_house: bool = False
    member_watches: bool = False  # the demo member watches the whole category


@dataclass(frozen=True)
class Thread:
    forum: str
    title: str
    author: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()
    kind: str = TopicKind.DISCUSSION
    tags: tuple[str, ...] = ()
    opened: float = 30.0  # days ago
    last: float = 24.0  # hours ago, the last reply
    accepted: int | None = None  # the reply the asker accepts (index into replies)
    pinned: bool = False
    member_reads: int = 0  # how far the demo member has read (0: as their posts leave it)
    member_watches: bool = False
    edits: tuple[tuple[int, str], ...] = ()  # (reply index, new text), by its author


# Global Executive Network -------------------------------------------------------------

GEN_CAST = {
    "julien": Who("France", "finance"),
    "matias": Who("Chile", "finance"),
    "sanne": Who("Netherlands", "finance"),
    "kevin": Who("United States", "marketing", "Commercial"),
    "megan": Who("United States", "people"),
    "ingrid": Who("Sweden", "general", "Country"),
    "erik": Who("Sweden", "general", "Regional"),
    "catalina": Who("Chile", "general", role="expert"),
    "haruto": Who("Japan", "operations", role="expert"),
    "arjun": Who("Singapore", "marketing", role="expert"),
    "siti": Who("Singapore", "general"),
    "layla": Who("United Arab Emirates", "strategy"),
    "khalid": Who("United Arab Emirates", "operations"),
    "noura": Who("Saudi Arabia", "marketing"),
    "wanjiru": Who("Kenya", "strategy"),
    "tunde": Who("Nigeria", "general"),
    "thandiwe": Who("South Africa", "legal"),
    "naledi": Who("South Africa", "research"),
    "nour": Who("Egypt", "marketing"),
    "diego": Who("Mexico", "operations"),
    "alejandro": Who("Mexico", "research"),
    "rafael": Who("Brazil", "marketing"),
    "thiago": Who("Brazil", "people"),
    "juliana": Who("Brazil", "operations"),
    "chloe": Who("Canada", "legal", role="mentor"),
    "marcus": Who("United States", "strategy", role="mentor"),
    "rachel": Who("United States", "general"),
    "katrin": Who("Germany", "marketing"),
    "florian": Who("Germany", "operations", "Operating"),
    "marieke": Who("Netherlands", "general"),
    "magdalena": Who("Poland", "operations"),
    "tomasz": Who("Poland", "strategy"),
    "piotr": Who("Poland", "legal"),
    "olivia": Who("United Kingdom", "research"),
    "amelia": Who("United Kingdom", "marketing"),
    "mathieu": Who("France", "technology"),
    "erik_n": Who("Sweden", "people"),
    "javier": Who("Spain", "people"),
    "carmen": Who("Spain", "general"),
    "meera": Who("India", "people"),
    "rohan": Who("India", "strategy", role="guest"),
    "kim": Who("South Korea", "marketing"),
    "xu": Who("China", "people"),
}

GEN_FORUMS = [
    Forum(
        "news",
        "Programme news",
        "Announcements from the programme team: modules, sessions and deadlines.",
    ),
    Forum(
        "strategy",
        "Strategy & growth",
        "Markets, portfolio choices, pricing and growth bets: think out loud with peers.",
    ),
    Forum(
        "people",
        "Leading people",
        "Building teams, succession, culture and the hard conversations.",
    ),
    Forum(
        "ask",
        "Ask the network",
        "Questions for the whole network. Accept the answer that helped, so the next "
        "person with the same question finds it.",
        member_watches=True,
    ),
    Forum(
        "record",
        "Off the record",
        "Under the Chatham House rule: use what you hear here, never say who said it.",
        chatham_house=True,
    ),
    Forum(
        "lounge",
        "The lounge",
        "Introductions, reading lists and everything in between.",
    ),
    Forum("emea", "EMEA chapter room", "Between our London sessions.", circle="emea"),
    Forum("americas", "Americas chapter room", "From Toronto to Santiago.", circle="americas"),
    Forum(
        "apac",
        "Asia-Pacific chapter room",
        "Tokyo, Singapore, Mumbai, Sydney and Shanghai.",
        circle="asia-pacific",
    ),
    Forum(
        "mea",
        "Middle East & Africa chapter room",
        "Notes from our check-ins, and everything between them.",
        circle="middle-east-africa",
    ),
    Forum(
        "cohort",
        "Cohort 2026: module work",
        "Reflections and assignments for this year's cohort.",
        circle="cohort-2026",
    ),
]

GEN_THREADS = [
    Thread(
        "news",
        "Module 3, Leading across cultures: dates, pre-work and learning sets",
        "director",
        """Module 3 of the Global Leadership Programme opens in three weeks and runs for a \
month. It is the module many of you asked for at the kick-off: how to lead teams whose \
members read the same email in very different ways.

**What to expect**

- **Week 1: self-assessment.** A short cultural-orientation profile (20 minutes). Your \
results are yours; only the cohort's aggregate is shared.
- **Week 2: live workshop**, run twice so every region gets a sane hour: Tuesday 09:00 \
Singapore, and Tuesday 16:00 London / 11:00 New York.
- **Week 3: learning sets.** Each set takes one real case from a member's business and \
works it through.
- **Week 4: commitments.** One change you will make in how you lead, written as a goal in \
Salon so your set can check in on it.

**Pre-work** (about two hours): the two case notes in the resource library, and a \
30-minute conversation with someone in your team who works in a different country from \
you. Ask them what they wish you understood about how decisions are made where they are.

@{katrin} and @{julien} will facilitate the London session, @{arjun} the Singapore one. \
Questions here, please, so everyone sees the answers.""",
        replies=(
            (
                "siti",
                "Thank you, Helena. Can we join the other region's workshop if ours clashes? "
                "The Singapore slot falls on my board meeting that week.",
            ),
            (
                "director",
                "Yes, come to whichever works, {siti}. Sign up for one so the facilitators "
                "can plan the breakouts; switching later is fine.",
            ),
            (
                "member",
                "The pre-work conversation is a good nudge. I'll have mine with our plant "
                "manager in Kano: he has been politely disagreeing with me for a year and I "
                "suspect this is why.",
            ),
            (
                "megan",
                "Is the cultural-orientation profile the one the 2025 cohort used? Some of my "
                "team took it then and I'd like to compare notes.",
            ),
            (
                "katrin",
                "Same instrument, refreshed norms. Happy to walk anyone through reading their "
                "profile before the workshop: 20-minute slots in my office hours.",
            ),
            (
                "haruto",
                "Looking forward to this one. In Japan the hardest part for visiting "
                "executives is not the language, it is that *yes* often means *I heard you*. "
                "I can share a short case for Week 3 if a learning set wants one.",
            ),
            (
                "director",
                "@{haruto}, yes please. Send it to me and I'll match it to a learning set.",
            ),
        ),
        kind=ANNOUNCEMENT,
        tags=("module-3", "programme"),
        opened=9,
        last=52,
        pinned=True,
        member_reads=ALL,
    ),
    Thread(
        "strategy",
        "Pricing through inflation: what actually stuck with customers?",
        "julien",
        """We pushed three price increases through in eighteen months. The first two were \
accepted with surprisingly little noise; the third is where we lost two mid-sized \
accounts and nearly a third.

Looking back, the difference was not the size of the increase but how we explained it. \
Index-linked clauses with a published formula held up. Flat percentages "because costs \
went up" did not.

What has worked for you? I'm particularly interested in:

1. index clauses against list-price moves,
2. how you prepared the sales team for the conversation,
3. anything you would not do again.""",
        replies=(
            (
                "matias",
                "Index clauses, without a doubt. In Chile we have lived with indexed "
                "contracts for decades, so customers expect them. The trick is an index "
                "customers trust and nobody can accuse you of cherry-picking: we use the "
                "official copper and energy indices with a three-month lag, published on "
                "one page.",
            ),
            (
                "kevin",
                "On the second point: every account manager got a one-page cost bridge for "
                "their top ten customers: what moved, by how much, and what we absorbed. "
                "Nobody read it out, but having it made them confident, and confidence was "
                "what customers were testing.",
            ),
            (
                "sanne",
                "What I would not do again: announce a general increase in November and "
                "then grant exceptions to anyone who pushed back. By February the "
                "exceptions were the policy. If you grant one, attach a trade: volume, term "
                "or payment days.",
            ),
            (
                "member",
                "In Nigeria the question was never whether prices would move but how often. "
                "After the naira float we started quoting in two parts: a base in naira "
                "reviewed quarterly, and an FX-linked component reviewed monthly. Customers "
                "disliked it for a month, then started asking for it, because it made their "
                "own budgeting easier.",
            ),
            (
                "julien",
                "{member}, that two-part quote is clever. Did you have to change your "
                "invoicing systems, or did you manage it as a contract clause?",
            ),
            (
                "member",
                "Contract clause first, systems later. We ran it on spreadsheets for two "
                "quarters, which our finance team will not let me forget.",
            ),
            (
                "rafael",
                "Brazil is similar. One thing that helped: we stopped letting sales discount "
                "the increase and gave them a budget of extended payment days instead. "
                "Similar cost to us, a very different signal to the customer.",
            ),
            (
                "magdalena",
                "On the accounts we lost: we did the post-mortem, and in every case the "
                "relationship was already thin. The increase was the excuse, not the "
                "reason. Worth checking before you blame the price.",
            ),
            (
                "katrin",
                "This thread deserves a page in the resource library. @{julien}, would you "
                "turn it into a one-page summary after the CFO roundtable?",
            ),
            (
                "julien",
                "Happy to. I'll draft it this week and post it here for comments before it "
                "goes in.",
            ),
        ),
        tags=("pricing", "finance"),
        opened=47,
        last=70,
        edits=(
            (
                1,
                "On the second point: every account manager got a one-page cost bridge for "
                "their top ten customers: what moved, by how much, and what we absorbed. "
                "Nobody read it out, but having it made them confident, and confidence was "
                "what customers were testing.\n\n*Edit: the template is in the resource "
                "library under Commercial.*",
            ),
        ),
    ),
    Thread(
        "strategy",
        "Scenario planning for 2027: which scenarios are you actually running?",
        "marcus",
        """Every strategy team I know has a 2027 scenario set by now. Ours has four, which \
is one too many: nobody can hold four in their head in a board meeting.

- **Fortress regions**: tariffs keep rising, supply chains regionalise, we run three \
semi-independent businesses.
- **Cheap money returns**: rates fall fast, competitors borrow and buy growth.
- **AI productivity shock**: a 15% cost gap opens between firms that rebuild their \
processes and those that don't.
- **Muddle through**: the one everyone secretly plans for.

Which are you running, and which one actually changes a decision you would make this \
year?""",
        replies=(
            (
                "rohan",
                "Fortress regions is the only one that changes our capital allocation. Two "
                "of our plants only make sense with free trade between India and the Gulf, "
                "so we are designing the third to serve either market alone.",
            ),
            (
                "florian",
                "We dropped *muddle through* as a named scenario. If it's the base case, "
                "call it the plan. Scenarios should be the worlds that would make you "
                "regret the plan.",
            ),
            (
                "tomasz",
                "Agree with {florian}. We test the plan against each scenario and list the "
                "no-regret moves that are right in all of them. This year there were four, "
                "and we funded all four.",
            ),
            (
                "kim",
                "We run an energy-price scenario on its own. For our Korean operations it "
                "drives more of the P&L than any trade scenario.",
            ),
            (
                "catalina",
                "Has anyone tied scenarios to leading indicators? We set three signposts "
                "per scenario, so we notice early which world we are in. It is the only "
                "thing that made our board take the exercise seriously.",
            ),
            (
                "marcus",
                "@{catalina}, yes please, share your signposts. That's the missing piece for us.",
            ),
            (
                "catalina",
                "For fortress regions: the share of our imports facing new tariffs, lead "
                "times from Asian suppliers, and customer requests for local-content "
                "certificates. The risk committee reviews them quarterly; when two of the "
                "three move, we reopen the plan.",
            ),
            (
                "sanne",
                "A finance note: whatever scenarios you run, put a number on the cash "
                "impact of each. Boards engage with liquidity, not narratives.",
            ),
            (
                "marieke",
                "We ran the AI productivity shock with our operations leaders last month. "
                "The useful output was not the scenario but the list of processes everyone "
                "agreed will be unrecognisable in three years. That list became our "
                "automation roadmap.",
            ),
            (
                "marcus",
                "Thank you all. I'm pulling this together for the *Strategy in a Fractured "
                "World* learning set, signposts included.",
            ),
        ),
        tags=("scenarios", "strategy"),
        opened=21,
        last=20,
        member_reads=6,
        member_watches=True,
    ),
    Thread(
        "strategy",
        "Portfolio reviews: how often do you actually exit a business?",
        "rachel",
        "We review the portfolio every year, and in five years we have exited exactly one "
        "business, a sale we were approached about. I suspect we are too kind to our "
        "weakest units. How do your reviews end in actual decisions?",
        replies=(
            (
                "ingrid",
                "We set the exit criteria before the review, not during it: three years "
                "below the cost of capital without a credible plan to cross it. It turns a "
                "debate about feelings into a debate about the plan.",
            ),
            (
                "julien",
                "The CFO's view: the hard part is stranded overhead. When you exit a line, "
                "the shared costs stay. Model that up front, or the remaining businesses "
                "look worse the year after and people lose faith in the process.",
            ),
            (
                "mathieu",
                "One more cost nobody models: the systems. Carving a business out of a "
                "shared ERP took us fourteen months.",
            ),
            ("rachel", "{mathieu}, that's sobering. Was that a sale or a closure?"),
            (
                "mathieu",
                "A sale. The buyer wanted a clean break on day one; we ended up running a "
                "transitional services agreement for a year.",
            ),
        ),
        tags=("portfolio",),
        opened=33,
        last=24 * 27,
        member_reads=ALL,
    ),
    Thread(
        "people",
        "Succession: how deep is your bench, honestly?",
        "megan",
        """Last quarter our board asked for a *ready now* successor for every role in our \
top 60. We could name one for 22 of them. For another 19 we had someone "ready in two to \
three years", which in my experience means not ready.

How are you building the bench, and how honest are your ratings?""",
        replies=(
            (
                "erik_n",
                "We stopped rating readiness altogether. Instead we ask: which of the role's "
                "three hardest situations has this person already handled? It is much "
                "harder to inflate.",
            ),
            (
                "javier",
                "We found most of our *ready now* names were the same six people. A "
                "successor listed for four roles is a successor for none of them.",
            ),
            (
                "meera",
                "In India our bench problem is retention more than development: the people "
                "we develop are exactly the people the market wants. We now pair every "
                "high-potential with a sponsor on the executive committee, not only a "
                "mentor.",
            ),
            (
                "megan",
                "{meera}, how does a sponsor differ from a mentor for you, in practice?",
            ),
            (
                "meera",
                "A mentor advises; a sponsor spends political capital. Each half-year, in "
                "the talent review, our sponsors have to name one opportunity they opened "
                "up for their person.",
            ),
            (
                "florian",
                "Rotations. Nothing else builds general managers. We send people from "
                "Germany to run a smaller country for two years, and the other way round. "
                "It is expensive, and the only part of our talent budget I would never cut.",
            ),
            (
                "thiago",
                "One caution on rotations: partners' careers. We lost two excellent "
                "candidates who said no because their partners could not work in the host "
                "country. Now we help with that explicitly.",
            ),
            (
                "member",
                "We're building a West African leadership team almost from scratch, so our "
                "bench is external hires plus a few stretch promotions. The stretch "
                "promotions have outperformed the hires so far: they know how things "
                "actually get done here.",
            ),
            (
                "megan",
                "That matches our data, {member}: internal stretch moves fail less often "
                "than external senior hires, even though they look riskier on paper.",
            ),
            (
                "chloe",
                "From the legal side: if you keep a *ready now* list, assume it will one "
                "day be read by the people on it, and by the people not on it. Write the "
                "notes accordingly.",
            ),
            (
                "megan",
                "Summary so far: rate against real situations, not readiness; don't "
                "double-count successors; sponsors, not only mentors; rotations with help "
                "for families. Thank you, I'm taking this to our board.",
            ),
        ),
        tags=("succession", "talent"),
        opened=40,
        last=24 * 5,
    ),
    Thread(
        "people",
        "Running a leadership team across six time zones",
        "member",
        """My leadership team now spans Lagos, Accra, Abidjan and Dakar, plus two \
functional heads in London and Dubai. One hour overlaps comfortably for all of us, and \
we spend it on status updates.

What rhythm works for you? I'm considering one long monthly session, in person or on \
video, and replacing the weekly call with written updates. I worry we lose the informal \
glue.""",
        replies=(
            (
                "marieke",
                "We did exactly that. Written updates on Monday, with three headings: "
                "decisions I need, risks, wins. The weekly call became 30 minutes on the "
                "*decisions I need* items only. Attendance went up.",
            ),
            (
                "siti",
                "Rotate the inconvenient slot. Our team spans Tokyo to Auckland to Mumbai: "
                "whoever has the 7 am call this month gets the civilised one next month. "
                "The meeting planner here does the rotation for you.",
            ),
            (
                "ingrid",
                "On the informal glue: we pair people for a monthly 30-minute call with "
                "someone from another country, no agenda. Cheap, and it fixed more "
                "cross-border friction than any process change.",
            ),
            (
                "khalid",
                "Speaking from Dubai, as exactly that kind of functional head: don't let "
                "the people outside the region become an audience. Give them a decision to "
                "own in every meeting.",
            ),
            (
                "member",
                "@{khalid}, fair point, and I suspect my Dubai colleague would say the "
                "same. Each functional head gets one standing item.",
            ),
            (
                "marcus",
                "What surprised us: written updates changed who contributes. Some of our "
                "quietest leaders write the sharpest updates.",
            ),
            (
                "member",
                "Thank you all. From next month: written updates on Monday, a 45-minute "
                "decision call, and a monthly day in person, alternating between Lagos and "
                "Accra. I'll report back.",
            ),
            (
                "wanjiru",
                "Please do, {member}. Nairobi is about to try the same for East Africa.",
            ),
            (
                "alejandro",
                "We tried a rotating host for the monthly session: a different country lead "
                "runs it each time. It gave the smaller markets a real voice.",
            ),
        ),
        tags=("time-zones", "teams"),
        opened=16,
        last=40,
    ),
    Thread(
        "ask",
        "What should a new country manager do in the first 90 days?",
        "siti",
        "I'm taking over Vietnam alongside Singapore in January: the first time I will run "
        "a country I have never worked in. What would you do in the first 90 days, and "
        "what would you avoid?",
        replies=(
            (
                "catalina",
                """I have done this three times (Peru, Colombia, now Chile). What worked:

1. **Weeks 1–4: listen, in a structured way.** Meet the top 30 customers and the top 30 \
people in the business, and ask everyone the same three questions: what should we keep, \
what should we stop, what would you do in my place?
2. **Weeks 5–8: one visible early win** the team has wanted for a long time and nobody \
had the authority to do. Usually small. It buys you credibility for the hard things.
3. **Weeks 9–12: your plan, written, shared with the team before it goes to head \
office.** If they see it first, it is theirs.

And avoid announcing structural changes before day 90, even if you know on day 10 that \
they are needed.""",
            ),
            (
                "ingrid",
                "Seconding {catalina}, and adding: find the person who has been in the "
                "company longest and take them to lunch in week one. They know where "
                "everything is buried.",
            ),
            (
                "haruto",
                "For Vietnam in particular: relationships with the provincial authorities "
                "matter more than in Singapore. Ask your predecessor for introductions "
                "before they leave.",
            ),
            (
                "siti",
                "Exactly what I needed. The three phases are going on the first page of my "
                "plan, and the introductions are on my list for this week. Thank you both.",
            ),
        ),
        kind=QUESTION,
        tags=("first-90-days", "country-management"),
        opened=52,
        last=24 * 44,
        accepted=0,
        member_reads=ALL,
    ),
    Thread(
        "ask",
        "Moving a regional distribution hub: what do you wish you had known?",
        "member",
        "We're considering moving our West African distribution hub from Lagos to a free "
        "zone, Lekki or possibly Tema in Ghana. The numbers work on paper. For those who "
        "have moved a hub: what do you wish you had known before?",
        replies=(
            (
                "khalid",
                "Customs brokers. Our move into Jebel Ali took three months; the broker "
                "relationships took a year to rebuild. Bring your best broker with you, or "
                "line up the new one early.",
            ),
            (
                "haruto",
                """We moved our Southeast Asia hub from Singapore to Malaysia three years ago. \
What I wish I had known:

- **Model the inventory during the move, not only after it.** We carried six weeks of \
double stock, which cost more than a year of the savings.
- **Customers feel lead times, not locations.** Publish each customer's new lead times \
before the move and keep them, even if that means air freight for a month.
- **Free-zone rules change.** Get the incentives in writing, with a grandfather clause, \
before you sign the lease.

Happy to walk you through our move plan on a call.""",
            ),
            (
                "tunde",
                "From the Lagos side: Lekki's port access is improving, but the road to the "
                "mainland is the bottleneck. Time the trucks at 7 am and at 5 pm before you "
                "commit.",
            ),
            (
                "member",
                "Thank you, @{haruto}: the double-stock point alone changes our business "
                "case. I'll take you up on the call.",
            ),
        ),
        kind=QUESTION,
        tags=("supply-chain", "west-africa"),
        opened=28,
        last=24 * 22,
        accepted=1,
    ),
    Thread(
        "ask",
        "Joint venture with a family-owned partner: how do you make the board work?",
        "layla",
        "We are forming a joint venture in Saudi Arabia with a family-owned group, which "
        "will hold 51%. Board meetings so far have been courteous and decided nothing; the "
        "real decisions seem to be taken in the family's own meetings, where we are not "
        "present. If you have made this work: how did you get real decisions into the "
        "boardroom?",
        replies=(
            (
                "chloe",
                "Legally, make sure the reserved matters are genuinely reserved: a short "
                "list, with deadlines for decisions, so that no decision has a consequence. "
                "But the legal fix only gets you so far.",
            ),
            (
                "member",
                """We had a 49% joint venture with a family group in Nigeria for six years. \
What changed it for us:

1. **Meet the head of the family outside the board**, on his terms, regularly. The board \
ratifies; the relationship decides.
2. **Bring decisions as options, not proposals.** A proposal invites a yes or no in \
private; three options invite a conversation in the room.
3. **Find your counterpart in the next generation.** The daughter who will run the group \
in ten years was our best ally in modernising how the board worked.

It took about eighteen months before the board became the place where decisions were \
made.""",
            ),
            (
                "noura",
                "Speaking from Riyadh: {member} is right about the next generation. Many "
                "family groups here are going through succession now, and the younger "
                "leaders often want more formal governance. They will welcome your help.",
            ),
            (
                "layla",
                "Extremely helpful. Options rather than proposals is something I can do at "
                "the very next meeting. Thank you, {member}: accepting this as the answer.",
            ),
        ),
        kind=QUESTION,
        tags=("governance", "joint-ventures"),
        opened=12,
        last=19,
        accepted=1,
    ),
    Thread(
        "ask",
        "An executive coach in São Paulo for a newly promoted general manager?",
        "thiago",
        "One of my general managers has just been promoted to run our Brazilian business. "
        "She would benefit from an executive coach who works in Portuguese and understands "
        "manufacturing. Has anyone worked with someone good in São Paulo?",
        replies=(
            (
                "rafael",
                "I worked with a coach there in my first year as CMO; I'll send you her "
                "name. Excellent on stakeholders, less so on operations.",
            ),
        ),
        kind=QUESTION,
        tags=("coaching",),
        opened=3,
        last=30,
    ),
    Thread(
        "record",
        "The restructuring nobody wants to announce",
        "magdalena",
        """We need to take out a layer of management across Europe, around 120 roles. \
The decision is made and the board has approved it. What I'm struggling with is the \
months between the decision and the announcement, sitting in meetings with people whose \
roles are going and not being able to say anything.

How have you handled that stretch, personally?""",
        replies=(
            (
                "tomasz",
                "Shorten it. Every week of secrecy costs more trust than it buys "
                "preparation. We cut our planned eight weeks to three, and it was the right "
                "call.",
            ),
            (
                "erik_n",
                "Don't over-correct by being unusually warm: people notice. Be your normal "
                "self, and keep the promises you can keep.",
            ),
            (
                "javier",
                "Find one person outside the company you can talk to honestly. For me it "
                "was a coach. You need somewhere to put it.",
            ),
            (
                "marieke",
                "Consult the works councils early, even informally, where the law allows. "
                "In Germany and the Netherlands, surprising them is the single most "
                "expensive mistake.",
            ),
            (
                "florian",
                "Plan the day after the announcement as carefully as the day itself. The "
                "people who stay decide whether the new structure works.",
            ),
            (
                "magdalena",
                "Thank you. *Plan the day after* is what we have thought about least. "
                "Taking it to the steering group on Monday.",
            ),
        ),
        tags=("restructuring",),
        opened=25,
        last=24 * 6,
    ),
    Thread(
        "record",
        "When the CEO's favourite project is failing",
        "kevin",
        """A flagship project our CEO launched personally is eighteen months in, twice \
over budget and, in my view, not going to deliver. Everyone below the CEO knows it; \
nobody wants to be the one who says it.

I have a one-to-one with the CEO next week. Has anyone done this well?""",
        replies=(
            (
                "sanne",
                "Bring the decision, not the verdict. *Here are three ways to change course, "
                "and what each costs* is much easier to hear than *this has failed*.",
            ),
            (
                "rachel",
                "Say it in private first, never in front of the executive committee. Give "
                "them the chance to change course as their own idea.",
            ),
            (
                "katrin",
                "Check your facts with the project lead before you go. If they hear it from "
                "the CEO first, you lose an ally.",
            ),
            (
                "matias",
                "I did this once and got it wrong: I led with the budget, and the CEO heard "
                "an accusation. Lead with the customers, or the people the project was "
                "meant to help.",
            ),
        ),
        tags=("board-and-ceo",),
        opened=6,
        last=10,
    ),
    Thread(
        "emea",
        "CSRD reporting: who owns it in your business?",
        "sanne",
        "Our first full CSRD report is due next year and ownership is still contested: "
        "finance says sustainability, sustainability says finance, and legal wants a veto. "
        "Who owns it where you are, and how did you decide?",
        replies=(
            (
                "julien",
                "Finance owns the numbers, sustainability owns the narrative, and one "
                "person, our deputy CFO, owns the deadline. Until one person owned the "
                "deadline, nothing moved.",
            ),
            (
                "piotr",
                "From legal: we don't want a veto, we want to be in the room before the "
                "double-materiality assessment is signed off. That assessment is where the "
                "liability sits.",
            ),
            (
                "magdalena",
                "Treat it like your financial close: a calendar, controls and an audit "
                "trail. Our auditors asked to see the controls before they asked about the "
                "numbers.",
            ),
            (
                "ingrid",
                "We were early in Sweden, so a warning: the first year's data collection "
                "from sites is painful. Start with your five biggest sites and get them "
                "right.",
            ),
            (
                "olivia",
                "From R&D: customers will ask for product carbon footprints long before the "
                "regulator does. We're building the data once, for both.",
            ),
            (
                "sanne",
                "Very useful. One owner of the deadline, and legal in the room for the "
                "materiality assessment. Thanks, all.",
            ),
        ),
        tags=("csrd", "sustainability"),
        opened=30,
        last=24 * 8,
    ),
    Thread(
        "emea",
        "London workshop: dinner the night before?",
        "amelia",
        "For the strategy workshop at Meridian House: a few of us arrive the evening "
        "before and have booked a table near Canary Wharf at 19:30. Reply here if you'd "
        "like to join and I'll update the booking.",
        replies=(
            ("erik", "Count me in. I land at City airport at 17:00."),
            ("carmen", "Me too, if there's room."),
            ("florian", "I'm on the last flight in, sadly. Save me a coffee for the morning."),
            ("amelia", "Booked for nine. See you there."),
        ),
        tags=("london",),
        opened=4,
        last=26,
    ),
    Thread(
        "americas",
        "Nearshoring to Mexico: a year in",
        "diego",
        """A year ago we moved final assembly of two product lines from China to \
Monterrey. Twelve months in, the honest scorecard:

| | before | now |
|---|---|---|
| Lead time to US customers | 9 weeks | 11 days |
| Unit cost | | up 6% (freight savings covered most of it) |
| Quality | | worse for five months, now better than before |

The hardest part was hiring supervisors: everyone in Nuevo León is hiring the same \
people. Happy to host anyone who wants to see the plant.""",
        replies=(
            (
                "juliana",
                "The supervisor point is real. How did you solve it in the end: pay, or "
                "growing your own?",
            ),
            (
                "diego",
                "Both, but mostly growing our own: a six-month supervisor academy with the "
                "local technical university. The first cohort of 24 graduated in the spring.",
            ),
            (
                "rachel",
                "I'll take you up on the visit. Our board keeps asking whether we should "
                "follow, and I'd rather answer with what I've seen than with a consultant's "
                "deck.",
            ),
            (
                "chloe",
                "Watch the USMCA review next year: the rules of origin could tighten. Make "
                "sure your content calculations have headroom.",
            ),
            (
                "marcus",
                "Did you keep any capacity in China as a hedge, or move both lines entirely?",
            ),
            (
                "diego",
                "We kept one line there for Asian customers. *China for China, Mexico for "
                "North America* is our shorthand.",
            ),
            (
                "matias",
                "From Santiago: the same logic is starting to show up in South America. "
                "Customers ask where things are made in a way they didn't five years ago.",
            ),
            (
                "alejandro",
                "From R&D: putting engineering next to the new plant was our best decision. "
                "Three engineers moved from Guadalajara, and problems that took weeks by "
                "email now take an afternoon.",
            ),
        ),
        tags=("nearshoring", "operations"),
        opened=37,
        last=24 * 3,
    ),
    Thread(
        "apac",
        "Regional roles: Singapore, or wherever the best candidate lives?",
        "meera",
        "We're deciding where to base three new regional roles: finance, supply chain and "
        "marketing. Singapore gives us the talent pool and the time zone; Sydney is where "
        "two of the best candidates already live. Would you hire for the location or for "
        "the person?",
        replies=(
            (
                "arjun",
                "For regional roles the time zone wins over time. Sydney is fine for "
                "Australia and New Zealand but painful for calls with India and China. "
                "We've tried it.",
            ),
            (
                "haruto",
                "Hire the person if they are exceptional, but agree up front how often "
                "they will be in Singapore. A regional leader the region never sees becomes "
                "a country leader.",
            ),
            (
                "kim",
                "From Seoul: whichever you choose, please not all three in the same city. A "
                "region run from one office starts to look like that office.",
            ),
            (
                "xu",
                "For China, the location matters less than whether they have worked here "
                "before. Teams notice quickly who understands how things work locally.",
            ),
            (
                "meera",
                "Thank you. Finance goes to Singapore; the other two we'll decide person by "
                "person, with a clear travel commitment.",
            ),
        ),
        tags=("hiring",),
        opened=19,
        last=24 * 5,
    ),
    Thread(
        "mea",
        "Working capital when inflation runs above 30%",
        "nour",
        "With inflation above 30% in Egypt and Nigeria, every day of receivables is a loss "
        "in real terms. What's working for you: shorter terms, early-payment discounts, or "
        "something else?",
        replies=(
            (
                "member",
                "Early-payment discounts worked better than shorter terms for us: 2% for "
                "payment within ten days, taken up by over half our distributors. In real "
                "terms it costs less than waiting 60 days for naira.",
            ),
            (
                "thandiwe",
                "Check that your contracts allow you to change payment terms at all. In "
                "South Africa we had to renegotiate most of ours.",
            ),
            (
                "layla",
                "We moved our key distributors to supply-chain finance through a local "
                "bank: they are paid early, we keep our terms. It took three months to set "
                "up.",
            ),
            (
                "nour",
                "Thank you. We'll start with an early-payment discount for our top twenty.",
            ),
        ),
        tags=("working-capital", "inflation"),
        opened=26,
        last=24 * 20,
        member_reads=ALL,
    ),
    Thread(
        "mea",
        "Tuesday check-in: notes and follow-ups",
        "wanjiru",
        """Notes from Tuesday's chapter check-in (eight of us, Nairobi hosting):

- **Payments.** Mobile money now carries 40% of our distributor payments in Kenya; \
Nigeria and Egypt are behind. We'll compare notes next time.
- **Talent.** Everyone is losing engineers to remote roles paid in dollars. Nobody has a \
good answer yet.
- **Module 3.** We'll pair up as a chapter for the pre-work conversations.

Next check-in in two weeks, Johannesburg hosting.""",
        replies=(
            (
                "naledi",
                "Happy to host. I'll send the invitation: same time, 16:00 Nairobi.",
            ),
            (
                "nour",
                "On payments, Egypt is catching up quickly: instant payments changed the "
                "picture this year. I'll bring numbers.",
            ),
            (
                "khalid",
                "On talent: we started a *remote but ours* track. People can work from "
                "anywhere in the region on a Dubai contract. Early days, but it has stopped "
                "some departures.",
            ),
            (
                "tunde",
                "Lagos has the same problem with engineers. We're talking to two "
                "universities about a graduate scheme; I'll share what we learn.",
            ),
            (
                "wanjiru",
                "@{member}, could you share the distributor scorecard you showed on "
                "Tuesday? Several of us would like to use it in our own distributor "
                "reviews.",
            ),
        ),
        tags=("chapter-notes",),
        opened=6,
        last=3,
    ),
]


# Innovation Lab ---------------------------------------------------------------------

LAB_CAST = {
    "oliver": Who("United Kingdom", "strategy", role="facilitator"),
    "anja": Who("Germany", "technology"),
    "astrid": Who("Sweden", "technology"),
    "rachel": Who("United States", "technology", "Technology"),
    "megan": Who("United States", "product", "Strategy"),
    "chloe": Who("Canada", "technology"),
    "fernanda": Who("Brazil", "strategy"),
    "kenji": Who("Japan", "technology"),
    "weijie": Who("Singapore", "strategy"),
    "meera": Who("India", "research", "Data"),
    "joost": Who("Netherlands", "product", "Head"),
    "marcus": Who("United States", "product", "Product"),
    "megan_p": Who("United States", "product", "Design"),
    "genevieve": Who("Canada", "product"),
    "juliana": Who("Brazil", "technology"),
    "yuki": Who("Japan", "marketing"),
    "meiling": Who("Singapore", "technology"),
    "ananya": Who("India", "research", "AI"),
    "tobias": Who("Germany", "research"),
    "joost_v": Who("Netherlands", "research"),
    "erik": Who("Sweden", "product"),
    "jennifer": Who("United States", "research"),
    "kevin": Who("United States", "operations"),
}

LAB_FORUMS = [
    Forum("news", "Lab news", "Announcements from the lab's directors and facilitators."),
    Forum(
        "ideas",
        "Ideas in flight",
        "Ideas on their way from spark to pilot: share them early, shape them together.",
    ),
    Forum(
        "results",
        "Experiments & results",
        "What we tried, what we measured, what we learned, including what we stopped.",
    ),
    Forum(
        "ask",
        "Ask the lab",
        "Questions for the lab's experts. Accept the answer that helped.",
    ),
    Forum(
        "ai",
        "AI Products working group",
        "Building AI features people can trust.",
        circle="ai-products",
    ),
    Forum(
        "cloud",
        "Sustainable Cloud working group",
        "Cutting the carbon cost of our platform.",
        circle="sustainable-cloud",
    ),
]

LAB_THREADS = [
    Thread(
        "news",
        "Hackathon 2026: themes, teams and judging",
        "director",
        """The Northwind Hackathon is a month away: 30 hours, in Redmond and online. Three \
themes this year, chosen from the ideas you voted up in the lab:

1. **AI that support engineers actually trust**: copilots, triage, summaries with sources.
2. **Carbon-aware cloud**: make the greener choice the default for customers.
3. **Work in 2030**: anything from the Future of Work set's research.

**Teams** of three to six, mixing at least two functions. Say what you're building, or \
which skills you're missing, in the team-formation thread in *Ideas in flight*.

**Judging**: five experts score impact, feasibility and how well you tested your \
assumptions. The winning team gets a quarter of protected time to take its idea to a \
pilot.

Registration closes a week before. Questions below.""",
        replies=(
            (
                "megan_p",
                "Can non-engineers lead a team? Two of us in design would like to.",
            ),
            (
                "director",
                "Absolutely: anyone can lead a team. The only rule is that teams mix functions.",
            ),
            (
                "kenji",
                "Will online teams get the same judging slots? Tokyo is 17 hours ahead of Redmond.",
            ),
            (
                "oliver",
                "Yes: judging runs in two windows, one of them friendly to Asia-Pacific. "
                "{kenji}, we'll put the APAC teams in the first window.",
            ),
            (
                "member",
                "Can people who aren't engineers take part as customers for the teams to "
                "test with? I'd happily spend a few hours being interviewed.",
            ),
            (
                "oliver",
                "{member}, yes please: teams always need real customers to test their "
                "assumptions with. I'll add a customer-panel sign-up.",
            ),
        ),
        kind=ANNOUNCEMENT,
        tags=("hackathon",),
        opened=11,
        last=24 * 2,
        pinned=True,
        member_reads=ALL,
    ),
    Thread(
        "ideas",
        "Idea: a support copilot that cites its sources",
        "kevin",
        """Our support engineers spend about a third of each case searching: past \
tickets, runbooks, release notes. The idea: a copilot in the ticket view that drafts the \
next step **with a link to where every claim comes from**, so the engineer can check it \
in seconds instead of trusting it blindly.

Why now: our ticket history is finally clean enough, and the Austin team is willing to \
pilot it.

What I'd love from the lab: who has built retrieval over messy internal documents, and \
what would you measure in a pilot?""",
        replies=(
            (
                "ananya",
                "We built retrieval over our engineering wiki. The quality of the chunks "
                "mattered more than the model: cleaning and splitting the runbooks properly "
                "gained us more than any model upgrade.",
            ),
            (
                "jennifer",
                "For the pilot, measure time to resolution and the reopen rate, not "
                "satisfaction with the copilot. Engineers will like it and still not use it.",
            ),
            (
                "rachel",
                "Agree with {jennifer}. And log every suggested source the engineer opens: "
                "it tells you which documents are trusted and which are ignored.",
            ),
            ("kevin", "Good: the reopen rate is the one our customers feel. Adding it."),
            (
                "megan_p",
                "From design: show how sure the copilot is of each step, and make *this is "
                "wrong* a one-click action. That feedback is your training data.",
            ),
            (
                "chloe",
                "Be careful with customer data in prompts. Take it past security before the "
                "pilot, not after.",
            ),
            (
                "joost_v",
                "The AI Products group has a red-team rota; we'd be happy to try to break "
                "it before it meets a customer.",
            ),
            (
                "member",
                "A customer's view: I'd trust support more if the engineer could show me "
                "the source too. Consider making the links shareable.",
            ),
            (
                "kevin",
                "@{member}, great point: we hadn't thought of showing sources to customers. "
                "It goes into the pilot as an option.",
            ),
            (
                "oliver",
                "Moving this to the experiment stage of the idea pipeline. @{kevin}, please "
                "post results in *Experiments & results* after four weeks of data.",
            ),
        ),
        tags=("ai", "support"),
        opened=44,
        last=24 * 9,
    ),
    Thread(
        "ideas",
        "Idea: carbon-aware scheduling as a product feature",
        "astrid",
        """We already move our own batch jobs to the hours and regions where the grid is \
cleanest, and customers keep asking how. The idea: offer it as a setting ("run this job \
within 12 hours, whenever it's greenest") with a carbon report per job.

Question for the lab: would customers pay for it, or is it a feature that wins deals?""",
        replies=(
            (
                "genevieve",
                "It wins deals. Three of our enterprise tenders this year had a "
                "sustainability section with questions we couldn't answer well. This would "
                "answer them.",
            ),
            (
                "weijie",
                "In Singapore the grid mix barely changes through the day, so the value "
                "there is in moving regions. Make sure the feature says so honestly.",
            ),
            (
                "anja",
                "Engineering view: we have most of the scheduling already. The hard part is "
                "carbon data per region per hour: there are three providers and they "
                "disagree.",
            ),
            (
                "astrid",
                "{anja}, could we publish which source we use and let customers choose? "
                "Transparency beats precision here.",
            ),
            (
                "fernanda",
                "Package it with a customer story. One reference customer with real "
                "savings will do more than the feature itself.",
            ),
            (
                "astrid",
                "Agreed. Taking this to the Sustainable Cloud group to find a pilot customer.",
            ),
        ),
        tags=("sustainability", "cloud"),
        opened=24,
        last=24 * 4,
    ),
    Thread(
        "results",
        "Results: annual-first pricing page, four weeks in",
        "genevieve",
        """We tested showing annual prices first (with the monthly price below) against \
our monthly-first page: four weeks, about 41,000 visitors per arm.

| | monthly first | annual first |
|---|---:|---:|
| Trial starts | 3.1% | 3.0% |
| Annual plans at conversion | 22% | 31% |
| Support tickets about pricing | 140 | 96 |

The annual share is the headline, but the drop in tickets surprised us: fewer people \
confused about what they would pay. We're rolling annual-first out in North America and \
testing it in Europe next.""",
        replies=(
            (
                "jennifer",
                "A clean result. Did you check the annual share by company size? Small "
                "customers sometimes choose annual and then leave at renewal.",
            ),
            (
                "genevieve",
                "Good catch: we'll track renewals by size. Too early to see yet.",
            ),
            (
                "megan",
                "For Europe, test prices including VAT. Our German customers expect to see "
                "the price they will pay.",
            ),
            (
                "anja",
                "Confirming {megan}'s point, and show the currency explicitly, not only €.",
            ),
            (
                "kevin",
                "The drop in tickets is worth a lot to my team. Thank you for counting it.",
            ),
        ),
        tags=("pricing", "experiment"),
        opened=31,
        last=24 * 12,
    ),
    Thread(
        "results",
        "What we learned from stopping the no-code pilot",
        "weijie",
        """We stopped our internal no-code pilot after three months. The short version: \
140 apps were built, 9 are still used, and all 9 come from the same two teams. What we \
learned:

- The constraint was never tooling; it was people with time to build.
- Apps without an owner died within weeks.
- The two successful teams had a developer sitting with them for their first fortnight.

Not a failure, in my view: we now know what to fund next time. Builders' time, not \
licences.""",
        replies=(
            (
                "oliver",
                "Thank you for writing this up. Stopped experiments with clear lessons are "
                "exactly what the lab should celebrate.",
            ),
            (
                "meiling",
                "Same pattern in our region. We'll fund two embedded-developer fortnights "
                "next quarter instead of renewing the licences.",
            ),
            (
                "erik",
                "Could you share the nine apps that survived? I'm curious what made them stick.",
            ),
            (
                "weijie",
                "{erik}, they're in the lab's resource library now, with their owners' notes.",
            ),
        ),
        tags=("no-code", "lessons"),
        opened=18,
        last=24 * 6,
    ),
    Thread(
        "ask",
        "How big must an internal pilot be for its results to mean something?",
        "joost",
        "We want to pilot a new planning tool with some of our product teams before rolling "
        "it out to all 60. How many teams, for how long, before the results are more than "
        "anecdotes?",
        replies=(
            (
                "meera",
                "It depends on what you measure and how much teams differ. For something "
                "like cycle time, twelve teams for eight weeks is a reasonable start, but "
                "look at the spread between teams first.",
            ),
            (
                "rachel",
                """The rule we use:

- **Pick the metric first**, and check how much it varies between teams today. If it \
varies a lot, you need more teams, not more weeks.
- **Randomise which teams go first**, even roughly. Volunteers are always the teams that \
would have improved anyway.
- **At least two planning cycles.** The first one measures the learning curve, not the \
tool.

For 60 teams and cycle time, we'd start 10 randomly chosen teams for two quarters and \
compare them with 10 that haven't started.""",
            ),
            (
                "joost",
                "Randomising is the part we would have skipped. Thank you: this is the plan.",
            ),
        ),
        kind=QUESTION,
        tags=("experiments", "pilots"),
        opened=27,
        last=24 * 20,
        accepted=1,
        member_reads=ALL,
    ),
    Thread(
        "ask",
        "Evaluating generative features before customers see them: what do you trust?",
        "megan_p",
        "We're about to ship a summarisation feature. The offline benchmarks look great, "
        "and I don't know how much to trust them. What does your evaluation look like "
        "before a generative feature reaches customers?",
        replies=(
            (
                "ananya",
                "Public benchmarks tell you very little about your customers' documents. "
                "Build a test set from real customer data, with consent and anonymised; "
                "200 examples is plenty to start.",
            ),
            (
                "astrid",
                """Three layers, in this order:

1. **A golden set** of 200–500 real examples with reference answers written by domain \
experts. Run it on every change.
2. **People reading failures**, not scores: read 50 bad outputs a week and tag why each \
one failed. The tags tell you what to fix.
3. **A staged rollout** with an easy *this is wrong* button and a kill switch.

Scoring with another model is useful for trends, never for a decision to ship.""",
            ),
            (
                "megan_p",
                "Reading 50 failures a week is the habit we're missing. Accepting, thank "
                "you @{astrid}.",
            ),
            (
                "joost_v",
                "One addition: version your golden set. When it changes, old scores stop "
                "being comparable.",
            ),
        ),
        kind=QUESTION,
        tags=("ai", "evaluation"),
        opened=14,
        last=24 * 7,
        accepted=1,
    ),
    Thread(
        "ask",
        "Has anyone run a design sprint with customers in Japan?",
        "yuki",
        "Two of our largest Japanese customers have agreed to a design sprint on their "
        "procurement workflow. I'd love advice from anyone who has run one there: how "
        "much to prepare in advance, and how to get candid feedback in the room.",
        kind=QUESTION,
        tags=("design", "japan"),
        opened=2,
    ),
    Thread(
        "ai",
        "Red-team rota for the support copilot",
        "chloe",
        "Before the support copilot meets a customer, we'd like a week of people trying to "
        "break it: wrong answers, leaked data, invented sources. Sign up for a two-hour "
        "slot below. No technical background needed: last time our best red-teamers came "
        "from sales.",
        replies=(
            ("tobias", "Tuesday and Thursday mornings, Berlin time."),
            (
                "marcus",
                "I'll take a slot, playing the angry customer with a half-true story.",
            ),
            (
                "member",
                "Put me down for one. I'll try questions that mix English and Pidgin: our "
                "customers do.",
            ),
            (
                "chloe",
                "@{member}, perfect: that's exactly what we don't test enough. You're on "
                "Wednesday.",
            ),
            ("juliana", "Count me in for prompts in Portuguese."),
            ("kenji", "Japanese prompts from me, and I'm happy to review the leak tests."),
        ),
        tags=("ai", "red-team"),
        opened=8,
        last=22,
        member_reads=4,
    ),
    Thread(
        "cloud",
        "Carbon per request: first numbers",
        "anja",
        """First numbers from the carbon-per-request dashboard, medians over two weeks:

- API gateway: 0.21 g CO₂e per 1,000 requests
- Search: 1.9 g per 1,000 queries
- Report exports: 38 g per 1,000 exports, the outlier by far

Exports are mostly one customer's nightly job. Before anyone panics: these are \
location-based figures; market-based ones are lower. Next step: move exports to the \
carbon-aware scheduler.""",
        replies=(
            (
                "astrid",
                "A great start. Please publish the method next to the numbers, so nobody "
                "compares them with other companies' figures measured differently.",
            ),
            (
                "meera",
                "I can help with the attribution model: shared infrastructure is where "
                "these numbers usually go wrong.",
            ),
            (
                "weijie",
                "Could the customer with the nightly export be the pilot for carbon-aware "
                "scheduling, from the ideas thread?",
            ),
            (
                "anja",
                "{weijie}, that's the plan: they've already said yes in principle.",
            ),
        ),
        tags=("carbon", "measurement"),
        opened=15,
        last=24 * 5,
    ),
]


# Long threads, written from the people in them ---------------------------------------

CITY_OF_ZONE = {
    "Asia/Kolkata": "Mumbai",
    "America/Sao_Paulo": "São Paulo",
    "America/Los_Angeles": "Seattle",
    "America/Mexico_City": "Mexico City",
    "Europe/Berlin": "Munich",
}
WISHES = {
    "finance": "how other CFOs are running working capital with rates where they are",
    "operations": "how peers are making supply chains resilient without doubling inventory",
    "general": "how other general managers grow leaders faster than the business grows",
    "people": "what really moves engagement in hybrid teams",
    "strategy": "how others turn scenario work into decisions the board acts on",
    "marketing": "how peers price and position through a slowdown",
    "legal": "how other general counsels stay a business partner and not a brake",
    "research": "how to get R&D and commercial teams to share one roadmap",
    "technology": "how peers decide where AI is worth the risk",
}
INTRO_OPENINGS = [
    "Hello everyone. I'm {title} for {unit}, based in {city}.",
    "Hi all, {name} here: {title}, {unit}, working from {city}.",
    "Good to be here. I lead {unit} as {title}, from {city}.",
    "Hello from {city}. I'm {name}, {title} in {unit}.",
    "Greetings from {city}, where I'm {title} for {unit}.",
]
INTRO_MIDDLES = [
    "This year I'd like to learn {wish}.",
    "What I hope to take from this group: {wish}.",
    "I'm here to learn {wish}, and happy to share what I know about {interest}.",
    "Ask me about {interest}; I'd like to learn {wish}.",
    "I'm curious about {wish}, and always up for a conversation about {interest}.",
]
BOOKS = [
    (
        "*The Culture Map* by Erin Meyer",
        "Required reading before Module 3, if you ask me. The chapter on disagreeing is "
        "worth the whole book.",
    ),
    (
        "*Thinking in Bets* by Annie Duke",
        "It finally gave me words for separating the quality of a decision from its outcome.",
    ),
    (
        "*The Fearless Organization* by Amy Edmondson",
        "Our engagement survey said people don't speak up. This explained why.",
    ),
    (
        "*Good Strategy Bad Strategy* by Richard Rumelt",
        "I reread it every year. The *kernel* is still the best test of a strategy document.",
    ),
    (
        "*Chip War* by Chris Miller",
        "For anyone in supply chain: a history of how one component shapes geopolitics.",
    ),
    (
        "*How Big Things Get Done* by Bent Flyvbjerg and Dan Gardner",
        "Read it before you approve your next capital project. Plan slowly, build fast.",
    ),
    (
        "*Range* by David Epstein",
        "A strong case for generalists; it changed how I think about rotations.",
    ),
    (
        "*The Art of Gathering* by Priya Parker",
        "It changed how I run our offsites: decide the purpose first, then who's in the room.",
    ),
    (
        "*Working Backwards* by Colin Bryar and Bill Carr",
        "We borrowed the six-page memo from it. Meetings got shorter and better.",
    ),
    (
        "*Noise* by Daniel Kahneman, Olivier Sibony and Cass Sunstein",
        "For anyone who rates people or approves budgets: our judgements vary more than we think.",
    ),
    (
        "*Team of Teams* by Stanley McChrystal",
        "Old now, but still the best account of moving decisions to the people with the "
        "information.",
    ),
    (
        "*Factfulness* by Hans Rosling",
        "A good antidote to gloomy trend decks. I gave it to my whole leadership team.",
    ),
    (
        "*Multipliers* by Liz Wiseman",
        "Uncomfortable in a useful way: I recognised myself as a diminisher more often "
        "than I'd like.",
    ),
    (
        "*Never Split the Difference* by Chris Voss",
        "Negotiation from a former hostage negotiator. Tactical empathy works with "
        "distributors too.",
    ),
    (
        "*An Elegant Puzzle* by Will Larson",
        "For anyone running technology teams: sizing, planning and migrations, very practical.",
    ),
    (
        "*The Hard Thing About Hard Things* by Ben Horowitz",
        "Candid on the decisions nobody writes about. The chapter on demotions stayed with me.",
    ),
    (
        "*Leading Change* by John Kotter",
        "A classic for a reason. We used its eight steps to check our transformation plan.",
    ),
]
HABITS = [
    "Ending every one-to-one by asking what I should stop doing, and writing the answer down.",
    "No slides in my leadership team meeting: two-page memos, read in the first ten minutes.",
    "Blocking Friday mornings for thinking. It has survived four weeks so far.",
    "Speaking last in meetings. Harder than it sounds.",
    "Asking for feedback from people two levels down, not only my direct reports.",
    "Writing down each big decision and my reasons, so I can check them in six months.",
    "Handing the monthly business review to my deputy: I attend, she runs it.",
    "Answering email twice a day instead of all day.",
    "Visiting a customer every two weeks without a salesperson.",
    "Saying *I don't know* out loud when I don't.",
    "Walking the floor on the night shift once a month.",
    "Cutting my standing meetings by a third. Nobody has missed them.",
    "Asking *what would have to be true?* before I argue against a proposal.",
    "Learning ten words of my team's language for every country I visit.",
]
HABIT_TAILS = [
    "",
    " I'll report back at Module 4.",
    " My team has noticed, which is both good and slightly worrying.",
    " Accountability partners welcome.",
    " Two weeks in, it's harder than I expected.",
]
PROJECTS = [
    ("1", "a triage assistant that routes incoming tickets and says why in one line"),
    ("1", "a prototype of the support copilot from the ideas thread"),
    ("1", "summaries of customer calls that list every commitment we made"),
    ("2", "a carbon budget per team, shown next to the cost budget"),
    ("2", "green-by-default deployment templates"),
    ("2", "a 'why did my bill change?' explainer for cloud invoices"),
    ("3", "a meeting-free-day planner for teams spread across time zones"),
    ("3", "an onboarding buddy that answers new joiners from our handbook, with sources"),
]
SKILLS = {
    "technology": "backend and infrastructure",
    "research": "data science and evaluation",
    "product": "product thinking and user research",
    "strategy": "the business case and the pitch",
    "marketing": "customer access and the story for the judges",
    "operations": "how customer success really works",
}


@dataclass
class Planned:
    """A thread with real people and times, ready to write."""

    forum: str
    title: str
    author: Any
    body: str
    opened: datetime
    replies: list[tuple[Any, str, datetime]]
    kind: str = TopicKind.DISCUSSION
    tags: tuple[str, ...] = ()
    accepted: int | None = None
    pinned: bool = False
    member_reads: int = 0
    member_watches: bool = False
    edits: tuple[tuple[int, str], ...] = ()


@dataclass
class Timeline:
    """When each thing the seed wrote happened, for dating it and its notifications."""

    now: datetime
    post_at: dict[int, datetime] = field(default_factory=dict)
    post_place: dict[int, tuple[int, int]] = field(default_factory=dict)  # (topic, number)
    topic_at: dict[int, datetime] = field(default_factory=dict)
    accepted_at: dict[int, datetime] = field(default_factory=dict)
    # (topic, person) → the post number from which they followed the topic
    following: dict[tuple[int, int], int] = field(default_factory=dict)


class Cast:
    """A community's people for the threads, picked by ``Who``, with their @handles."""

    def __init__(self, community: Community, director: Any, member: Any, now: datetime) -> None:
        self.community = community
        memberships = list(
            Membership.objects.filter(community=community).select_related("user").order_by("pk")
        )
        self.joined = {m.user_id: m.joined_at for m in memberships}
        self.users = {m.user_id: m.user for m in memberships}
        self.users[director.pk], self.users[member.pk] = director, member
        self.people = [m for m in memberships if m.user_id not in {director.pk, member.pk}]
        self.handles = mentions.display_handles((m.user_id, m.user.name) for m in memberships)
        self.picked: dict[str, Any] = {"director": director, "member": member}
        # People who joined before the forums' first posts can write anywhere in them.
        self.veteran_before = now - timedelta(days=60)

    def pick(self, key: str, who: Who) -> Any:
        if key in self.picked:
            return self.picked[key]
        taken = {u.pk for u in self.picked.values()}
        # Guests reply but do not start topics: only a part written for a guest gets one.
        taken |= {m.user_id for m in self.people if (m.role == "guest") != (who.role == "guest")}
        tests: list[Callable[[Membership], bool]] = [
            lambda m: m.user.country == who.country,
            lambda m: not who.function or m.user.function == who.function,
            lambda m: not who.title or who.title in m.user.title,
            lambda m: not who.role or m.role == who.role,
        ]
        free = [m for m in self.people if m.user_id not in taken]
        veterans = [m for m in free if m.joined_at <= self.veteran_before]
        # The strictest match first; then drop the role, the title and the function.
        for keep in (4, 3, 2, 1):
            for pool in (veterans, free):
                found = [m for m in pool if all(test(m) for test in tests[:keep])]
                if found:
                    self.picked[key] = self.users[found[0].user_id]
                    return self.picked[key]
        self.picked[key] = self.users[(veterans or free)[0].user_id]
        return self.picked[key]

    def text(self, source: str, roles: dict[str, Who]) -> str:
        """``@{key}`` → the person's @handle, ``{key}`` → their first name."""

        def person(match: re.Match[str]) -> str:
            user = self.person(match.group(2), roles)
            if match.group(1):
                return f"@{self.handles[user.pk]}"
            return str(user.name).split()[0]

        return re.sub(r"(@?)\{(\w+)\}", person, source)

    def joined_before(self, when: datetime) -> list[Membership]:
        """The people (besides the director and the member) who had joined by ``when``."""
        return [m for m in self.people if m.joined_at < when]

    def person(self, key: str, roles: dict[str, Who]) -> Any:
        """The person playing ``key`` (a typo in a key is an error, not a random pick)."""
        if key in self.picked:
            return self.picked[key]
        return self.pick(key, roles[key])


def _times(rng: random.Random, opened: datetime, last: datetime, count: int) -> list[datetime]:
    """``count`` reply times after ``opened``, the last at ``last``: most replies come
    early, a few trickle in later."""
    if count == 0:
        return []
    span = max((last - opened).total_seconds(), 60.0 * count)
    points = [*sorted(rng.random() ** 1.5 for _ in range(count - 1)), 1.0]
    times: list[datetime] = []
    for point in points:
        when = opened + timedelta(seconds=span * point)
        if times and when <= times[-1]:
            when = times[-1] + timedelta(minutes=rng.randint(7, 40))
        times.append(when)
    return times


def _scripted(
    thread: Thread, cast: Cast, roles: dict[str, Who], rng: random.Random, now: datetime
) -> Planned:
    opened = now - timedelta(days=thread.opened, minutes=rng.randint(0, 600))
    # Jitter, so that threads last active "a day ago" do not all end at the same minute.
    last = now - timedelta(hours=thread.last + rng.uniform(0, min(thread.last / 4, 5)))
    times = _times(rng, opened + timedelta(minutes=30), max(last, opened), len(thread.replies))
    return Planned(
        forum=thread.forum,
        title=thread.title,
        author=cast.person(thread.author, roles),
        body=cast.text(thread.body, roles),
        opened=opened,
        replies=[
            (cast.person(key, roles), cast.text(body, roles), when)
            for (key, body), when in zip(thread.replies, times, strict=True)
        ],
        kind=thread.kind,
        tags=thread.tags,
        accepted=thread.accepted,
        pinned=thread.pinned,
        member_reads=thread.member_reads,
        member_watches=thread.member_watches,
        edits=tuple((i, cast.text(body, roles)) for i, body in thread.edits),
    )


def _after_joining(
    rng: random.Random, cast: Cast, user: Any, earliest: datetime, latest: datetime
) -> datetime:
    """A time between ``earliest`` and ``latest``, and after ``user`` joined."""
    start = max(earliest, cast.joined[user.pk] + timedelta(hours=rng.randint(4, 60)))
    seconds = max((latest - start).total_seconds(), 0)
    return min(start + timedelta(seconds=seconds * rng.random() ** 2), latest)


def _introductions(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    opened = now - timedelta(days=58, hours=3)
    latest = now - timedelta(days=4)
    replies = []
    people = cast.joined_before(latest - timedelta(days=3))
    for membership in rng.sample(people, min(56, len(people))):
        user = membership.user
        fields = {
            "name": user.name,
            "title": user.title,
            "unit": user.organisation_unit or user.organisation,
            "city": CITY_OF_ZONE.get(user.timezone, user.timezone.split("/")[-1].replace("_", " ")),
            "wish": WISHES.get(user.function, "how leaders in other regions make decisions"),
            "interest": (user.interests or ["leadership"])[0],
        }
        body = rng.choice(INTRO_OPENINGS).format(**fields)
        body += " " + rng.choice(INTRO_MIDDLES).format(**fields)
        replies.append((user, body, _after_joining(rng, cast, user, opened, latest)))
    member = cast.picked["member"]
    replies.append(
        (
            member,
            "Daniel Okafor, Regional President for West Africa, based in Lagos. We're "
            "building a leadership team across four countries almost from scratch, so I'm "
            "here to learn how peers scale teams without losing what made them work. Happy "
            "to talk about doing business in West Africa any time.",
            opened + timedelta(days=1, hours=5),
        )
    )
    replies.sort(key=lambda reply: reply[2])
    return Planned(
        forum="lounge",
        title="Introductions: who's who in the network",
        author=cast.picked["director"],
        body=(
            "Welcome to the network's forum. A good first post: introduce yourself here, "
            "with where you are, what you lead, and one thing you'd like to learn from this "
            "group this year. I'll start.\n\nI'm Helena, based in London. I run Meridian's "
            "leadership programmes, including this network. This year I want to learn how "
            "to make a global programme feel local in every region, so please tell me where "
            "it doesn't."
        ),
        opened=opened,
        replies=replies,
        tags=("introductions",),
        member_reads=12,
    )


def _reading_list(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    opened = now - timedelta(days=35, hours=6)
    latest = now - timedelta(hours=28)
    people = cast.joined_before(latest - timedelta(days=3))
    readers = rng.sample(people, min(len(BOOKS), len(people)))
    replies = [
        (
            m.user,
            f"{book}. {comment}",
            _after_joining(rng, cast, m.user, opened + timedelta(hours=2), latest),
        )
        for m, (book, comment) in zip(readers, BOOKS, strict=False)
    ]
    replies.sort(key=lambda reply: reply[2])
    author = cast.pick("olivia", GEN_CAST["olivia"])
    return Planned(
        forum="lounge",
        title="What are you reading this quarter?",
        author=author,
        body=(
            "Long flights are my reading time, and I'm running out of good recommendations. "
            "What are you reading, or rereading, that has changed how you lead? One book "
            "each, and a line on why."
        ),
        opened=opened,
        replies=[r for r in replies if r[0].pk != author.pk],
        tags=("books",),
    )


def _module_habits(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    cohort = set(
        CircleMembership.objects.filter(
            circle__community=cast.community, circle__slug="cohort-2026"
        ).values_list("user_id", flat=True)
    )
    member = cast.picked["member"]
    opened = now - timedelta(days=24, hours=2)
    latest = now - timedelta(days=1, hours=6)
    people = [m.user for m in cast.joined_before(latest - timedelta(days=3)) if m.user_id in cohort]
    habits = rng.sample(HABITS, min(len(HABITS), len(people)))
    replies = [
        (user, habit + rng.choice(HABIT_TAILS), _after_joining(rng, cast, user, opened, latest))
        for user, habit in zip(people, habits, strict=False)
    ]
    if member.pk in cohort:
        replies.append(
            (
                member,
                "Letting my country managers run the quarterly distributor reviews and "
                "reading only their summaries. Twice already I've had to stop myself from "
                "calling in.",
                opened + timedelta(days=2, hours=3),
            )
        )
    replies.sort(key=lambda reply: reply[2])
    return Planned(
        forum="cohort",
        title="Module 2: the one habit I'm changing",
        author=cast.picked["director"],
        body=(
            "Module 2 closed with a commitment: one habit you will change in how you lead. "
            "Share yours here, one line is enough, so the cohort can hold you to it. At "
            "Module 4 we'll come back to this thread and see what stuck."
        ),
        opened=opened,
        replies=replies,
        tags=("module-2", "habits"),
        member_reads=ALL,
    )


def _hackathon_teams(cast: Cast, rng: random.Random, now: datetime) -> Planned:
    opened = now - timedelta(days=10, hours=1)
    latest = now - timedelta(hours=20)
    organiser = cast.pick("oliver", LAB_CAST["oliver"])
    pool = [m.user for m in cast.joined_before(opened) if m.user_id != organiser.pk]
    rng.shuffle(pool)
    builders, joiners = pool[: len(PROJECTS)], pool[len(PROJECTS) : len(PROJECTS) + 12]
    times = _times(rng, opened + timedelta(hours=1), latest, len(builders) + len(joiners) + 1)
    replies: list[tuple[Any, str]] = []
    for user, (theme, project) in zip(builders, PROJECTS, strict=False):
        have = SKILLS.get(user.function, "a customer problem worth solving")
        first, second = rng.sample([s for f, s in SKILLS.items() if f != user.function], 2)
        replies.append(
            (
                user,
                f"**Theme {theme}**: building {project}. I bring {have}; looking for "
                f"{first} and {second}.",
            )
        )
    for user in joiners:
        builder = rng.choice(builders)
        have = SKILLS.get(user.function, "energy and customer contacts")
        replies.append(
            (
                user,
                f"@{cast.handles[builder.pk]}, I'd like to join you. I can bring {have}, "
                "and I'm free for the whole 30 hours.",
            )
        )
    member = cast.picked["member"]
    replies.insert(
        len(builders) + 3,
        (
            member,
            "I've signed up for the customer panel. Teams, message me if you want a West "
            "African customer's view on your idea.",
        ),
    )
    return Planned(
        forum="ideas",
        title="Hackathon team formation: who needs what?",
        author=organiser,
        body=(
            "One reply per idea or per person, please:\n\n- **Building something?** Say "
            "which theme, what it is, and which skills you're missing.\n- **Looking for a "
            "team?** Say what you bring, and @mention the builder you'd like to join."
        ),
        opened=opened,
        replies=[(u, body, when) for (u, body), when in zip(replies, times, strict=True)],
        tags=("hackathon", "teams"),
        member_reads=7,
    )


# Writing ------------------------------------------------------------------------------

REACTION_WEIGHTS = {
    Emoji.THUMBS_UP: 40,
    Emoji.CLAP: 15,
    Emoji.IDEA: 15,
    Emoji.THANKS: 12,
    Emoji.HEART: 10,
    Emoji.THINKING: 8,
}


def _fresh(topic: Topic) -> Topic:
    """The services remember the last reader's read mark on the topic object; each person
    the seed writes as must start without it, as each request does."""
    topic.__dict__.pop("last_read", None)
    return topic


def _react(
    rng: random.Random, post: Post, audience: list[Any], count: int, favour: Emoji | None = None
) -> None:
    people = [u for u in audience if u.pk != post.author_id]
    emojis, weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())
    for user in rng.sample(people, min(count, len(people))):
        emoji = favour if favour and rng.random() < 0.5 else rng.choices(emojis, weights)[0]
        reaction_toggle(actor=user, post=post, emoji=emoji)


def _write(
    planned: Planned,
    *,
    director: Any,
    categories: dict[str, Category],
    audience: list[Any],
    member: Any,
    timeline: Timeline,
    rng: random.Random,
) -> Topic:
    category = categories[planned.forum]
    topic = topic_create(
        actor=planned.author,
        category=category,
        title=planned.title,
        body=planned.body,
        kind=planned.kind,
        tags=planned.tags,
    )
    opening = Post.objects.get(topic=topic, number=1)
    opening.topic = topic
    posts = [opening]
    timeline.following[(topic.pk, planned.author.pk)] = 1
    for user, body, _when in planned.replies:
        post = post_reply(actor=user, topic=_fresh(topic), body=body)
        posts.append(post)
        timeline.following.setdefault((topic.pk, user.pk), post.number)
    for (_user, _body, when), post in zip(planned.replies, posts[1:], strict=True):
        post.created_at = when
    opening.created_at = planned.opened
    for post in posts:
        timeline.post_at[post.pk] = post.created_at
        timeline.post_place[post.pk] = (topic.pk, post.number)
    timeline.topic_at[topic.pk] = planned.opened

    for index, body in planned.edits:
        post = posts[index + 1]
        post_edit(actor=post.author, post=post, body=body)
        edited = min(post.created_at + timedelta(hours=2), timeline.now)
        Post.objects.filter(pk=post.pk).update(edited_at=edited)
        PostRevision.objects.filter(post=post).update(edited_at=edited)
    if planned.accepted is not None:
        answer = posts[planned.accepted + 1]
        answer_accept(actor=planned.author, topic=topic, post=answer)
        accepted_at = min(posts[-1].created_at + timedelta(minutes=20), timeline.now)
        timeline.accepted_at[answer.pk] = accepted_at
    if planned.pinned:
        topic_moderate(actor=director, topic=topic, action="pin")

    # Reactions: most posts get a few, the opening post and accepted answers more.
    for post in posts:
        count = rng.choices([0, 1, 2, 3, 5], [30, 25, 20, 15, 10])[0]
        if post.number == 1:
            count += 12 if planned.kind == ANNOUNCEMENT else 3
        favour = None
        if planned.accepted is not None and post is posts[planned.accepted + 1]:
            count, favour = count + 4, Emoji.THANKS
        _react(rng, post, audience, count, favour)

    if planned.member_reads:
        topic_mark_read(user=member, topic=_fresh(topic), number=planned.member_reads)
    if planned.member_watches:
        subscription_set(user=member, level=Level.WATCH, topic=topic)
        timeline.following.setdefault((topic.pk, member.pk), max(planned.member_reads, 1))
    return topic


def _seed_community(
    community: Community,
    *,
    director: Any,
    member: Any,
    forums: list[Forum],
    threads: list[Thread],
    roles: dict[str, Who],
    composed: list[Callable[[Cast, random.Random, datetime], Planned]],
    timeline: Timeline,
    rng: random.Random,
) -> list[Topic]:
    cast = Cast(community, director, member, timeline.now)
    circles = {c.slug: c for c in community.circles.all()}
    categories: dict[str, Category] = {}
    for position, forum in enumerate(forums):
        circle = circles.get(forum.circle) if forum.circle else None
        if forum.circle and circle is None:
            continue  # the seed no longer makes that circle: skip its forum
        categories[forum.key] = category_create(
            actor=director,
            community=community,
            name=forum.name,
            description=forum.description,
            circle=circle,
            chatham_house=forum.chatham_house,
            position=position,
        )
        if forum.member_watches:
            subscription_set(user=member, level=Level.WATCH, category=categories[forum.key])
    everyone = list(cast.users.values())
    circle_people = {
        slug: [cast.users[i] for i in ids if i in cast.users]
        for slug, ids in _circle_members(community).items()
    }

    planned = [_scripted(t, cast, roles, rng, timeline.now) for t in threads]
    planned += [make(cast, rng, timeline.now) for make in composed]
    topics = []
    for plan in planned:
        if plan.forum not in categories:
            continue
        forum = next(f for f in forums if f.key == plan.forum)
        if forum.circle:
            audience = list(
                {u.pk: u for u in [director, *circle_people.get(forum.circle, [])]}.values()
            )
        else:
            audience = everyone
        topics.append(
            _write(
                plan,
                director=director,
                categories=categories,
                audience=audience,
                member=member,
                timeline=timeline,
                rng=rng,
            )
        )
    return topics


def _circle_members(community: Community) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for slug, user_id in CircleMembership.objects.filter(circle__community=community).values_list(
        "circle__slug", "user_id"
    ):
        found.setdefault(slug, set()).add(user_id)
    return found


def _date_everything(topics: list[Topic], timeline: Timeline) -> None:
    """Move posts, topics and reactions to the times the threads were planned for."""
    posts = list(Post.objects.filter(topic__in=topics).only("pk", "created_at"))
    for post in posts:
        post.created_at = timeline.post_at[post.pk]
    Post.objects.bulk_update(posts, ["created_at"], batch_size=200)
    last: dict[int, datetime] = {}
    for post_id, (topic_id, _number) in timeline.post_place.items():
        last[topic_id] = max(
            last.get(topic_id, timeline.post_at[post_id]), timeline.post_at[post_id]
        )
    for topic in topics:
        topic.created_at = timeline.topic_at[topic.pk]
        topic.last_activity_at = last[topic.pk]
    Topic.objects.bulk_update(topics, ["created_at", "last_activity_at"], batch_size=200)
    # A reaction comes a little after its post.
    Reaction.objects.filter(post__topic__in=topics).update(
        created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1])
    )


def _settle_notifications(timeline: Timeline, seed: int) -> None:
    """After commit, once the services' notifications exist: date each like what it is
    about, drop reply notices from before a person followed the topic, and treat what is
    older than a day as read (and its email as sent), so the bell and the mailbox show
    what is new."""
    rng = random.Random(seed)
    post_kinds = {notices.REPLY, notices.MENTION, notices.ANSWER_ACCEPTED}
    ours = Notification.objects.filter(
        kind__in=[*post_kinds, notices.ANNOUNCEMENT, notices.NEW_TOPIC]
    )
    stale: list[int] = []
    by_time: dict[datetime, list[int]] = {}
    for pk, kind, recipient_id, target_id in ours.values_list(
        "pk", "kind", "recipient_id", "target_id"
    ):
        if target_id is None:
            continue
        if kind not in post_kinds:
            when = timeline.topic_at.get(target_id)
        elif kind == notices.ANSWER_ACCEPTED:
            when = timeline.accepted_at.get(target_id)
        else:
            when = timeline.post_at.get(target_id)
            topic_id, number = timeline.post_place.get(target_id, (0, 0))
            since = timeline.following.get((topic_id, recipient_id))
            if kind == notices.REPLY and since is not None and number < since:
                stale.append(pk)
                continue
        if when is not None:
            by_time.setdefault(when + timedelta(minutes=1), []).append(pk)
    for start in range(0, len(stale), 500):
        Notification.objects.filter(pk__in=stale[start : start + 500]).delete()
    read_before = timeline.now - timedelta(days=1)
    for when, ids in by_time.items():
        fields: dict[str, Any] = {"created_at": when}
        if when < read_before:
            fields["read_at"] = when + timedelta(hours=rng.choice((1, 2, 4, 9, 20)))
        for start in range(0, len(ids), 500):
            Notification.objects.filter(pk__in=ids[start : start + 500]).update(**fields)
    ours.filter(
        created_at__lt=timeline.now - timedelta(days=1),
        email_status__in=[EmailStatus.PENDING, EmailStatus.DIGEST],
    ).update(email_status=EmailStatus.SENT, emailed_at=F("created_at"))


def seed_discussions(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Forums for both demo communities; returns how many posts were written."""
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    rng = random.Random(seed)
    timeline = Timeline(now=timezone.now())
    topics = _seed_community(
        gen,
        director=director,
        member=member,
        forums=GEN_FORUMS,
        threads=GEN_THREADS,
        roles=GEN_CAST,
        composed=[_introductions, _reading_list, _module_habits],
        timeline=timeline,
        rng=rng,
    )
    topics += _seed_community(
        lab,
        director=director,
        member=member,
        forums=LAB_FORUMS,
        threads=LAB_THREADS,
        roles=LAB_CAST,
        composed=[_hackathon_teams],
        timeline=timeline,
        rng=rng,
    )
    _date_everything(topics, timeline)
    _flag_for_the_queue(gen, director=director, member=member)
    transaction.on_commit(lambda: _settle_notifications(timeline, seed), robust=True)
    return len(timeline.post_at)


def _flag_for_the_queue(community: Community, *, director: Any, member: Any) -> None:
    """Two members flag an off-the-record reply that names a client, so the director finds
    something in the moderation queue."""
    from salon.communities.models import Membership
    from salon.discussions.models import Post
    from salon.discussions.moderation import flag_post

    post = (
        Post.objects.filter(
            topic__community=community,
            topic__category__chatham_house=True,
            number__gt=1,
            deleted_at__isnull=True,
        )
        .exclude(author__in=[director, member])
        .select_related("topic")
        .order_by("topic__pk", "number")
        .first()
    )
    if post is None:
        return
    flaggers = (
        Membership.objects.filter(community=community, role="member")
        .exclude(user__in=[director, member, post.author])
        .select_related("user")
        .order_by("user__name")[:2]
    )
    for n, flagger in enumerate(flaggers):
        flag_post(
            actor=flagger.user,
            post=post,
            reason="confidential",
            note="It names a client we are still negotiating with." if n == 0 else "",
        )
