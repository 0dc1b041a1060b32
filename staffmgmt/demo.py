"""The demo hall and the synthetic scale data behind `manage.py seed_demo`.

`make demo` runs the command before every server start, so every builder here looks its
rows up by their natural key first (unit code, employee number, username, window number
in its unit, post name in its unit) and creates only what is missing: a second run
writes nothing.

The demo hall goes through the real services, so each row is one the product could have
made and its history says who made it (the system for the structure, the hall manager
for what a manager does). The scale halls are for benchmarks: bulk inserts, but with
history rows all the same.
"""

# The demo text is Chinese and uses Chinese (full-width) punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from kernel.roles import Role
from staffmgmt import selectors, services
from staffmgmt.extensions import demo_builders
from staffmgmt.models import Absence, OrgUnit, Post, PostPairing, Skill, Staff, Window

__all__ = [
    "ADMIN_USERNAME",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "SCALE_LEADER_USERNAME",
    "SCALE_PROVINCE_CODE",
    "BuildReport",
    "build_demo",
    "build_scale",
    "scale_hall_code",
]

# Demo only: printed by the command and in the Makefile, never used outside a demo database.
DEMO_PASSWORD = "hallmark-demo"
DEMO_LOGINS = ("manager", "cadre", "leader", "integrity")
ADMIN_USERNAME = "admin"
SEED = 20240601

BUREAU_CODE = "demo-bureau"
BRANCH_CODE = "demo-branch"
HALL_CODE = "demo-hall"

SCALE_PROVINCE_CODE = "scale-province"
SCALE_LEADER_USERNAME = "province-leader"
SCALE_CHANGE_REASON = "synthetic scale data (seed_demo --scale)"
# Share of a scale hall's staff who get an approved absence in the coming month.
SCALE_ABSENCE_SHARE = 0.1

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛"
)
GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文",
    "华",
    "红",
    "玉兰",
    "建国",
    "志强",
    "晓燕",
    "海燕",
    "婷",
    "雪",
    "晨",
    "欣怡",
    "子涵",
    "浩然",
    "思远",
    "嘉怡",
    "宇航",
    "佳琪",
    "雨桐",
    "俊杰",
    "梓萱",
    "一鸣",
    "诗涵",
    "鹏",
    "颖",
    "琳",
    "晓东",
    "海峰",
    "丽娟",
    "春梅",
    "国强",
    "文博",
    "若曦",
    "志华",
    "玉洁",
    "振宇",
)
CADRE_TITLES = ("科员", "科员", "一级科员", "四级主任科员", "副主任科员")

# code -> (English name, Chinese name). Codes are shared with rosters ("invoice", "leader").
SKILLS = {
    "invoice": ("Invoice issuing", "发票开具"),
    "registration": ("Registration", "登记"),
    "declaration": ("Declaration", "申报"),
    "social_insurance": ("Social insurance fees", "社保费"),
    "consulting": ("Consulting", "咨询"),
    "leader": ("Leader on call", "带班领导"),
}


@dataclass(frozen=True)
class WindowSpec:
    number: str
    name: str
    is_full_service: bool = False


@dataclass(frozen=True)
class PostSpec:
    name: str
    duties: str
    is_critical: bool = False
    window_number: str | None = None


@dataclass(frozen=True)
class SectionSpec:
    key: str
    name: str
    skills: tuple[str, ...]
    windows: tuple[WindowSpec, ...]
    posts: tuple[PostSpec, ...]


# Members per section; the first is the section chief (股长), who holds no post of their own.
SECTION_SIZE = 13

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        key="general",
        name="综合服务股",
        skills=("consulting", "registration"),
        windows=(
            WindowSpec("01", "全职能窗口", is_full_service=True),
            WindowSpec("02", "综合服务窗口"),
            WindowSpec("03", "综合服务窗口"),
            WindowSpec("04", "涉税登记窗口"),
        ),
        posts=(
            PostSpec(
                "全职能岗",
                "受理首次来厅或不确定办理事项的纳税人，一窗通办各类涉税事项；落实首问责任制，"
                "不能当场办结的事项登记并跟踪到办结。",
                True,
                "01",
            ),
            PostSpec(
                "综合服务一岗",
                "办理综合涉税事项，按服务承诺时限办结；做好业务登记和资料初审。",
                False,
                "02",
            ),
            PostSpec(
                "综合服务二岗",
                "办理综合涉税事项，按服务承诺时限办结；负责当日业务量统计。",
                False,
                "03",
            ),
            PostSpec(
                "涉税登记岗",
                "办理设立、变更、注销登记和跨区域涉税事项报告，审核资料的完整性和准确性。",
                True,
                "04",
            ),
            PostSpec(
                "导税咨询岗",
                "在大厅入口引导纳税人取号分流，解答一般性咨询，维护大厅秩序。",
                True,
            ),
            PostSpec(
                "12366咨询岗",
                "接听12366转办热线和网上咨询，在规定时限内答复并记录。",
            ),
            PostSpec(
                "资料归档岗",
                "整理、扫描、归档当日受理的涉税资料，确保资料完整可查。",
            ),
        ),
    ),
    SectionSpec(
        key="invoice",
        name="发票管理股",
        skills=("invoice",),
        windows=(
            WindowSpec("05", "发票发售窗口"),
            WindowSpec("06", "发票发售窗口"),
            WindowSpec("07", "发票代开窗口"),
            WindowSpec("08", "税控设备窗口"),
        ),
        posts=(
            PostSpec(
                "发票发售一岗",
                "发售各类发票，核验领票人身份和领用资格，登记发票领用情况。",
                True,
                "05",
            ),
            PostSpec(
                "发票发售二岗",
                "发售各类发票，办理发票验旧，高峰期协助一岗分流。",
                False,
                "06",
            ),
            PostSpec(
                "发票代开岗",
                "为自然人和小规模纳税人代开增值税发票，审核合同和完税凭证。",
                True,
                "07",
            ),
            PostSpec(
                "税控设备岗",
                "办理税控设备发行、变更和注销，指导纳税人使用开票软件。",
                False,
                "08",
            ),
            PostSpec(
                "发票审核岗",
                "审核发票领用资格和用量调整申请，处理发票异常风险提示。",
                True,
            ),
            PostSpec(
                "发票缴销岗",
                "办理发票缴销和丢失、被盗发票报告。",
            ),
        ),
    ),
    SectionSpec(
        key="declaration",
        name="申报征收股",
        skills=("declaration", "social_insurance"),
        windows=(
            WindowSpec("09", "申报纳税窗口"),
            WindowSpec("10", "申报纳税窗口"),
            WindowSpec("11", "税款征收窗口"),
            WindowSpec("12", "社保费缴纳窗口"),
        ),
        posts=(
            PostSpec(
                "申报受理一岗",
                "受理各税种纳税申报，审核申报表逻辑关系，辅导纳税人网上申报。",
                True,
                "09",
            ),
            PostSpec(
                "申报受理二岗",
                "受理各税种纳税申报，办理申报错误更正。",
                False,
                "10",
            ),
            PostSpec(
                "税款征收岗",
                "征收税款、滞纳金和罚款，开具完税证明，当日核对入库。",
                True,
                "11",
            ),
            PostSpec(
                "社保费征缴岗",
                "办理社会保险费和非税收入的申报缴纳，解答缴费咨询。",
                True,
                "12",
            ),
            PostSpec(
                "退税审核岗",
                "审核退（抵）税申请，按时限出具审核意见。",
            ),
            PostSpec(
                "逾期申报处理岗",
                "催报催缴逾期未申报纳税人，登记处理结果。",
            ),
            PostSpec(
                "数据质量岗",
                "核对当日申报征收数据，发现异常及时反馈更正。",
            ),
        ),
    ),
)


# What the report calls each kind of row it counts.
ROW_LABELS = {
    "units": gettext_lazy("org units"),
    "skills": gettext_lazy("skills"),
    "staff": gettext_lazy("staff"),
    "windows": gettext_lazy("windows"),
    "posts": gettext_lazy("posts"),
    "pairings": gettext_lazy("AB pairings"),
    "absences": gettext_lazy("absences"),
    "admins": gettext_lazy("administrators"),
    "halls": gettext_lazy("scale halls"),
}


@dataclass
class BuildReport:
    """What a build created and what it found already there, per kind of row."""

    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    def count(self, kind: str, *, created: int = 0, existing: int = 0) -> None:
        self.created[kind] += created
        self.existing[kind] += existing

    @property
    def nothing_created(self) -> bool:
        return not any(self.created.values())

    def lines(self) -> list[str]:
        kinds = list(dict.fromkeys([*self.created, *self.existing]))
        return [
            _("%(kind)s: %(created)d created, %(existing)d already there")
            % {
                "kind": ROW_LABELS[kind],
                "created": self.created[kind],
                "existing": self.existing[kind],
            }
            for kind in kinds
        ]


class _Names:
    """Deterministic Chinese names: the same seed gives the same people every run.

    Unique within the demo hall, so a visitor can tell people apart; the scale halls
    allow repeats (as real provinces have), since there are more people than pairs.
    """

    def __init__(self, seed: int, *, unique: bool = True):
        self.rng = random.Random(seed)
        self.unique = unique
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)
            if not self.unique:
                return name
            if name not in self.used:
                self.used.add(name)
                return name


# ---------------------------------------------------------------------------------------
# The demo hall
# ---------------------------------------------------------------------------------------


@dataclass
class DemoUnits:
    bureau: OrgUnit
    branch: OrgUnit
    hall: OrgUnit
    sections: dict[str, OrgUnit]


@dataclass
class DemoStaff:
    manager: Staff
    cadre: Staff
    leader: Staff
    integrity: Staff
    # Section key -> members in a fixed order; index 0 is the section chief.
    sections: dict[str, list[Staff]]


def _unit(report: BuildReport, *, code: str, name: str, kind: str, parent: OrgUnit | None):
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is not None:
        report.count("units", existing=1)
        return unit
    report.count("units", created=1)
    return services.org_unit_create(actor=None, code=code, name=name, kind=kind, parent=parent)


def build_units(report: BuildReport) -> DemoUnits:
    """Bureau, branch, the hall and its sections (by unit code)."""
    bureau = _unit(
        report,
        code=BUREAU_CODE,
        name="国家税务总局示范市税务局",
        kind=OrgUnit.Kind.BUREAU,
        parent=None,
    )
    branch = _unit(
        report,
        code=BRANCH_CODE,
        name="国家税务总局示范市税务局第一税务分局",
        kind=OrgUnit.Kind.BRANCH,
        parent=bureau,
    )
    hall = _unit(
        report, code=HALL_CODE, name="第一办税服务厅", kind=OrgUnit.Kind.HALL, parent=branch
    )
    sections = {
        spec.key: _unit(
            report,
            code=f"{HALL_CODE}-{spec.key}",
            name=spec.name,
            kind=OrgUnit.Kind.SECTION,
            parent=hall,
        )
        for spec in SECTIONS
    }
    return DemoUnits(bureau=bureau, branch=branch, hall=hall, sections=sections)


def build_skills(report: BuildReport) -> dict[str, Skill]:
    existing = set(Skill.objects.filter(code__in=SKILLS).values_list("code", flat=True))
    report.count("skills", created=len(set(SKILLS) - existing), existing=len(existing))
    return {
        code: services.skill_get_or_create(code=code, name=name, name_zh=name_zh)
        for code, (name, name_zh) in SKILLS.items()
    }


@dataclass(frozen=True)
class _PersonSpec:
    employee_no: str
    username: str
    name: str
    unit: OrgUnit
    title: str
    skills: tuple[str, ...]
    roles: tuple[str, ...]
    is_leader: bool = False
    password: str | None = None


def _person(report: BuildReport, spec: _PersonSpec, *, actor, skills: dict[str, Skill]) -> Staff:
    found = Staff.objects.select_related("user", "unit").filter(employee_no=spec.employee_no)
    staff = found.first()
    if staff is not None:
        report.count("staff", existing=1)
        return staff
    report.count("staff", created=1)
    return services.staff_create(
        actor=actor,
        username=spec.username,
        employee_no=spec.employee_no,
        name=spec.name,
        unit=spec.unit,
        title=spec.title,
        skills=[skills[code] for code in spec.skills],
        is_leader=spec.is_leader,
        roles=spec.roles,
        password=spec.password,
    )


def build_staff(report: BuildReport, units: DemoUnits, skills: dict[str, Skill]) -> DemoStaff:
    """The four demo logins and the hall's cadres (by employee number).

    Names are drawn from a seeded generator in a fixed order, so a re-run computes the
    same people and finds them by employee number.
    """
    names = _Names(SEED)
    rng = random.Random(SEED + 1)
    # The bureau grants leadership and integrity roles, which only the system or an
    # administrator may hand out: those two and the manager are created by the system.
    manager = _person(
        report,
        _PersonSpec(
            "SF0001",
            "manager",
            names.next(),
            units.hall,
            "主任",
            ("leader", "consulting"),
            (Role.CADRE, Role.MANAGER),
            is_leader=True,
            password=DEMO_PASSWORD,
        ),
        actor=None,
        skills=skills,
    )
    leader = _person(
        report,
        _PersonSpec(
            "SF9001",
            "leader",
            names.next(),
            units.bureau,
            "副局长",
            ("leader",),
            (Role.CADRE, Role.LEADERSHIP),
            is_leader=True,
            password=DEMO_PASSWORD,
        ),
        actor=None,
        skills=skills,
    )
    integrity = _person(
        report,
        _PersonSpec(
            "SF9002",
            "integrity",
            names.next(),
            units.bureau,
            "纪检监察室副主任",
            (),
            (Role.CADRE, Role.INTEGRITY_OFFICER),
            password=DEMO_PASSWORD,
        ),
        actor=None,
        skills=skills,
    )

    # The hall's cadres are entered by its manager, as a manager would.
    actor = manager.user
    sections: dict[str, list[Staff]] = {}
    for number, spec in enumerate(SECTIONS, start=1):
        members = []
        for index in range(SECTION_SIZE):
            employee_no = f"SF{number}{index + 1:03d}"
            extra = rng.choice(sorted(set(SKILLS) - {"leader", *spec.skills}))
            skill_codes = (*spec.skills, extra) if rng.random() < 0.4 else spec.skills
            is_chief = index == 0
            is_cadre_login = spec.key == "general" and index == 1
            members.append(
                _person(
                    report,
                    _PersonSpec(
                        employee_no,
                        "cadre" if is_cadre_login else employee_no.lower(),
                        names.next(),
                        units.sections[spec.key],
                        "股长" if is_chief else rng.choice(CADRE_TITLES),
                        ("leader", *skill_codes) if is_chief else skill_codes,
                        (Role.CADRE, Role.MANAGER) if is_chief else (Role.CADRE,),
                        is_leader=is_chief,
                        password=DEMO_PASSWORD if is_cadre_login else None,
                    ),
                    # A chief holds the manager role, which only an administrator (or
                    # the system) grants (ADR 0005): the system enters the chiefs.
                    actor=None if is_chief else actor,
                    skills=skills,
                )
            )
        sections[spec.key] = members
    return DemoStaff(
        manager=manager,
        cadre=sections["general"][1],
        leader=leader,
        integrity=integrity,
        sections=sections,
    )


def _holders(members: list, post_count: int) -> list[tuple]:
    """(A, B) per post of a section: everyone but the chief holds a post as A or B.

    A is the i-th holder; B is a holder without a post of their own while there are
    any, then the next A, so a few people are A on one post and B on another.
    """
    holders = members[1:]
    pairs = []
    for i in range(post_count):
        b = (
            holders[i + post_count]
            if i + post_count < len(holders)
            else holders[(i + 1) % post_count]
        )
        pairs.append((holders[i], b))
    return pairs


def build_windows_posts(
    report: BuildReport, units: DemoUnits, people: DemoStaff, *, valid_from: date
) -> dict[str, Post]:
    """Windows, posts and their AB pairings (by window number / post name in the unit)."""
    actor = people.manager.user
    posts: dict[str, Post] = {}
    for spec in SECTIONS:
        section = units.sections[spec.key]
        windows = {w.number: w for w in Window.objects.filter(unit=section)}
        for window_spec in spec.windows:
            if window_spec.number in windows:
                report.count("windows", existing=1)
                continue
            report.count("windows", created=1)
            windows[window_spec.number] = services.window_create(
                actor=actor,
                unit=section,
                number=window_spec.number,
                name=window_spec.name,
                is_full_service=window_spec.is_full_service,
            )
        existing_posts = {p.name: p for p in Post.objects.filter(unit=section)}
        for post_spec in spec.posts:
            post = existing_posts.get(post_spec.name)
            if post is None:
                report.count("posts", created=1)
                post = services.post_create(
                    actor=actor,
                    unit=section,
                    name=post_spec.name,
                    duties=post_spec.duties,
                    is_critical=post_spec.is_critical,
                    window=windows[post_spec.window_number] if post_spec.window_number else None,
                )
            else:
                report.count("posts", existing=1)
            posts[post.name] = post
        paired = set(
            PostPairing.objects.filter(post__unit=section).values_list("post_id", flat=True)
        )
        for post_spec, (a, b) in zip(
            spec.posts, _holders(people.sections[spec.key], len(spec.posts)), strict=True
        ):
            post = posts[post_spec.name]
            if post.pk in paired:
                report.count("pairings", existing=1)
                continue
            report.count("pairings", created=1)
            services.pairing_create(
                actor=actor,
                post=post,
                a_holder=a,
                b_holder=b,
                valid_from=valid_from,
                reason="demo hall set up",
            )
    return posts


@dataclass(frozen=True)
class _LeaveSpec:
    """One demo leave: whose (A or B of a post), when (indexes into upcoming working days)."""

    post: str
    holder: str  # "a" or "b"
    kind: str
    first: int
    last: int
    reason: str
    decision: str  # "approve", "pending" or "reject"
    start_half: str = "am"
    end_half: str = "pm"
    note: str = ""


# Dates are upcoming working days counted from tomorrow (index 0), so the demo shows
# what is coming whatever day it is built.
DEMO_LEAVES: tuple[_LeaveSpec, ...] = (
    _LeaveSpec("税控设备岗", "b", Absence.Kind.SICK, 0, 0, "身体不适，去医院复查。", "approve"),
    _LeaveSpec("申报受理一岗", "a", Absence.Kind.ANNUAL, 1, 2, "年休假，回老家探亲。", "approve"),
    # An upcoming gap: A and B of a critical post are both away on the same working day.
    _LeaveSpec("发票代开岗", "a", Absence.Kind.ANNUAL, 3, 5, "年休假。", "approve"),
    _LeaveSpec("发票代开岗", "b", Absence.Kind.PERSONAL, 4, 4, "孩子学校开家长会。", "approve"),
    _LeaveSpec(
        "申报受理二岗",
        "a",
        Absence.Kind.PERSONAL,
        6,
        6,
        "办理个人事务。",
        "reject",
        note="当天为申报期高峰，请调整到申报期后。",
    ),
    # A half-day gap: B leaves at noon on A's last training day.
    _LeaveSpec(
        "综合服务二岗", "a", Absence.Kind.TRAINING, 7, 8, "参加市局纳税服务业务培训。", "approve"
    ),
    _LeaveSpec(
        "综合服务二岗",
        "b",
        Absence.Kind.PERSONAL,
        8,
        8,
        "下午陪家人就医。",
        "approve",
        start_half="pm",
    ),
    # The cadre login's own pending request (B of their post is in that week).
    _LeaveSpec("全职能岗", "a", Absence.Kind.ANNUAL, 10, 11, "年休假。", "pending"),
    # Pending, and approving it would uncover a critical post: the manager gets the warning.
    _LeaveSpec(
        "社保费征缴岗",
        "a",
        Absence.Kind.BUSINESS_TRIP,
        12,
        14,
        "赴省局参加社保费征管业务交流。",
        "approve",
    ),
    _LeaveSpec("社保费征缴岗", "b", Absence.Kind.PERSONAL, 13, 13, "家中老人住院陪护。", "pending"),
    _LeaveSpec(
        "导税咨询岗", "b", Absence.Kind.TRAINING, 16, 17, "参加全省纳税服务礼仪培训。", "pending"
    ),
)


def build_absences(
    report: BuildReport,
    units: DemoUnits,
    people: DemoStaff,
    posts: dict[str, Post],
    *,
    today: date,
) -> None:
    """Leave of the hall's cadres in the coming weeks: approved, pending and rejected.

    Skipped while any leave of the hall's staff is still current or upcoming, so a re-run
    the same day (or month) adds nothing; a demo database reused after all of it is past
    gets a fresh set, dated from the new today.
    """
    current = Absence.objects.filter(
        staff__unit__path__startswith=units.hall.path, end_date__gte=today
    ).count()
    if current:
        report.count("absences", existing=current)
        return
    upcoming = selectors.working_days(
        start=today + timedelta(days=1), end=today + timedelta(days=60)
    )
    pairings = {
        p.post_id: p
        for p in PostPairing.objects.filter(post__in=list(posts.values())).select_related(
            "a_holder__user", "b_holder__user"
        )
    }
    manager = people.manager.user
    for spec in DEMO_LEAVES:
        pairing = pairings[posts[spec.post].pk]
        staff = pairing.a_holder if spec.holder == "a" else pairing.b_holder
        absence = services.absence_request(
            actor=staff.user,
            staff=staff,
            kind=spec.kind,
            start_date=upcoming[spec.first],
            end_date=upcoming[spec.last],
            start_half=spec.start_half,
            end_half=spec.end_half,
            reason=spec.reason,
        )
        if spec.decision == "approve":
            # Confirmed on purpose: the demo has to show upcoming gaps.
            services.absence_approve(actor=manager, absence=absence, confirm_gaps=True)
        elif spec.decision == "reject":
            services.absence_reject(actor=manager, absence=absence, note=spec.note)
        report.count("absences", created=1)


def build_admin(report: BuildReport) -> None:
    """A superuser for /admin/, with the demo password."""
    User = get_user_model()
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        report.count("admins", existing=1)
        return
    User.objects.create_superuser(ADMIN_USERNAME, email="", password=DEMO_PASSWORD)
    report.count("admins", created=1)


# Other apps add their part of the demo hall (rosters, ...) without staffmgmt importing
# them: they register a builder on `staffmgmt.extensions.demo_builders` in their
# AppConfig.ready(). Like the builders above, each looks its rows up by natural key and
# creates only what is missing.


@transaction.atomic
def build_demo(*, today: date | None = None) -> BuildReport:
    """Build the demo hall, creating only what is missing; all of it or nothing."""
    today = today or timezone.localdate()
    report = BuildReport()
    units = build_units(report)
    skills = build_skills(report)
    people = build_staff(report, units, skills)
    posts = build_windows_posts(report, units, people, valid_from=date(today.year, 1, 1))
    build_absences(report, units, people, posts, today=today)
    build_admin(report)
    demo_builders.call(report, today)
    return report


# ---------------------------------------------------------------------------------------
# Scale data: N synthetic halls under one province bureau
# ---------------------------------------------------------------------------------------


def scale_hall_code(number: int) -> str:
    return f"scale-hall-{number:04d}"


def _path(parent: OrgUnit, code: str) -> str:
    return f"{parent.path}{code}/"


def _bulk_staff(staff: list[Staff], skill_rows: list[tuple[int, int]]) -> list[Staff]:
    """Insert staff, their skills, and history rows that include those skills.

    bulk_create_with_history would write each history row before the skills exist;
    here the skills go in first, so the first history row of each person is complete.
    `skill_rows` holds (index into `staff`, skill id).
    """
    staff = Staff.objects.bulk_create(staff)
    through = Staff.skills.through
    links = through.objects.bulk_create(
        through(staff_id=staff[i].pk, skill_id=skill_id) for i, skill_id in skill_rows
    )
    history = Staff.history.bulk_history_create(staff, default_change_reason=SCALE_CHANGE_REASON)
    history_by_staff = {h.id: h for h in history}
    m2m_history = HistoricalRecords.m2m_models[Staff._meta.get_field("skills")]
    m2m_history.objects.bulk_create(
        m2m_history(
            id=link.pk,
            history=history_by_staff[link.staff_id],
            staff_id=link.staff_id,
            skill_id=link.skill_id,
        )
        for link in links
    )
    return staff


def _overlaps(a: Absence, b: Absence) -> bool:
    return a.start_date <= b.end_date and b.start_date <= a.end_date


@transaction.atomic
def build_scale(*, halls: int, today: date | None = None) -> BuildReport:
    """`halls` synthetic halls (numbered 1..halls) under one province; existing ones skipped.

    Each hall: a manager, three sections of 13, 12 windows, 20 posts with AB pairings
    and about a tenth of the staff on approved leave within the coming month. Synthetic
    staff cannot log in (unusable passwords); the province leader can, with the demo
    password, to look at the whole province.
    """
    today = today or timezone.localdate()
    report = BuildReport()
    province = OrgUnit.objects.filter(code=SCALE_PROVINCE_CODE).first()
    if province is None:
        province = services.org_unit_create(
            actor=None,
            code=SCALE_PROVINCE_CODE,
            name="国家税务总局示范省税务局",
            kind=OrgUnit.Kind.BUREAU,
        )
        report.count("units", created=1)
    else:
        report.count("units", existing=1)
    skills = build_skills(report)
    if Staff.objects.filter(user__username=SCALE_LEADER_USERNAME).exists():
        report.count("staff", existing=1)
    else:
        services.staff_create(
            actor=None,
            username=SCALE_LEADER_USERNAME,
            employee_no="SP0001",
            name="省局领导",
            unit=province,
            title="局长",
            skills=[skills["leader"]],
            is_leader=True,
            roles=(Role.CADRE, Role.LEADERSHIP),
            password=DEMO_PASSWORD,
        )
        report.count("staff", created=1)

    wanted = {scale_hall_code(n): n for n in range(1, halls + 1)}
    present = set(OrgUnit.objects.filter(code__in=wanted).values_list("code", flat=True))
    report.count("halls", existing=len(present))
    numbers = [n for code, n in wanted.items() if code not in present]
    report.count("halls", created=len(numbers))
    if not numbers:
        return report
    _build_scale_halls(report, province, numbers, skills, today=today)
    return report


def _build_scale_halls(
    report: BuildReport,
    province: OrgUnit,
    numbers: Iterable[int],
    skills: dict[str, Skill],
    *,
    today: date,
) -> None:
    numbers = list(numbers)
    # One generator for the whole batch, drawn in a fixed order (people, then leave), so
    # the same numbers always build the same halls.
    rng = random.Random(SEED + numbers[0])
    names = _Names(SEED + numbers[0], unique=False)
    history = {"default_change_reason": SCALE_CHANGE_REASON}
    hall_units, sections_of = _scale_units(report, province, numbers, history)
    by_hall = _scale_people(report, numbers, hall_units, sections_of, skills, rng, names)
    pairings = _scale_posts(report, hall_units, sections_of, by_hall, history, today=today)
    _scale_absences(report, hall_units, by_hall, pairings, rng, history, today=today)


def _scale_units(report: BuildReport, province: OrgUnit, numbers: list[int], history: dict):
    """The halls, each with its sections; (halls, (hall pk, section key) -> section)."""
    hall_units = bulk_create_with_history(
        [
            OrgUnit(
                code=(code := scale_hall_code(n)),
                name=f"第{n}办税服务厅",
                kind=OrgUnit.Kind.HALL,
                parent=province,
                path=_path(province, code),
            )
            for n in numbers
        ],
        OrgUnit,
        **history,
    )
    section_units = bulk_create_with_history(
        [
            OrgUnit(
                code=(code := f"{hall.code}-{spec.key}"),
                name=spec.name,
                kind=OrgUnit.Kind.SECTION,
                parent=hall,
                path=_path(hall, code),
            )
            for hall in hall_units
            for spec in SECTIONS
        ],
        OrgUnit,
        **history,
    )
    report.count("units", created=len(hall_units) + len(section_units))
    sections_of = {
        (hall.pk, spec.key): section_units[i * len(SECTIONS) + j]
        for i, hall in enumerate(hall_units)
        for j, spec in enumerate(SECTIONS)
    }

    return hall_units, sections_of


def _scale_people(report, numbers, hall_units, sections_of, skills, rng, names):
    """Per hall a manager and the section members, with accounts, roles and skills;
    hall pk -> section key (None: the manager) -> people."""
    # In a fixed order: the manager (index 0), then each section's members.
    User = get_user_model()
    unusable = make_password(None)
    users, staff, skill_rows, roles_of = [], [], [], []
    layout: list[tuple[OrgUnit, str | None, int]] = []  # (hall, section key, index)
    for number, hall in zip(numbers, hall_units, strict=True):
        people = [(hall, hall, None, 0)] + [
            (hall, sections_of[(hall.pk, spec.key)], spec.key, i)
            for spec in SECTIONS
            for i in range(SECTION_SIZE)
        ]
        for seq, (_hall, unit, key, index) in enumerate(people):
            employee_no = f"SC{number:04d}{seq:02d}"
            name = names.next()
            is_manager = key is None
            is_chief = key is not None and index == 0
            users.append(User(username=employee_no.lower(), first_name=name, password=unusable))
            staff.append(
                Staff(
                    employee_no=employee_no,
                    name=name,
                    unit=unit,
                    title="主任"
                    if is_manager
                    else "股长"
                    if is_chief
                    else rng.choice(CADRE_TITLES),
                    is_leader=is_manager or is_chief,
                )
            )
            section_skills = next(s.skills for s in SECTIONS if s.key == key) if key else ()
            codes = {*section_skills, *(("leader",) if is_manager or is_chief else ())}
            if rng.random() < 0.3:
                codes.add(rng.choice(sorted(SKILLS)))
            skill_rows += [(len(staff) - 1, skills[code].pk) for code in sorted(codes)]
            roles_of.append((Role.CADRE, Role.MANAGER) if is_manager or is_chief else (Role.CADRE,))
            layout.append((hall, key, index))
    users = User.objects.bulk_create(users)
    for user, person in zip(users, staff, strict=True):
        person.user = user
    staff = _bulk_staff(staff, skill_rows)
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[role].pk)
        for user, roles in zip(users, roles_of, strict=True)
        for role in roles
    )
    report.count("staff", created=len(staff))

    by_hall: dict[int, dict[str | None, list[Staff]]] = {}
    for person, (hall, key, _index) in zip(staff, layout, strict=True):
        by_hall.setdefault(hall.pk, {}).setdefault(key, []).append(person)
    return by_hall


def _scale_posts(report, hall_units, sections_of, by_hall, history, *, today: date):
    """Each section's windows and posts, every post paired from the section's people."""
    windows = bulk_create_with_history(
        [
            Window(
                unit=sections_of[(hall.pk, spec.key)],
                number=w.number,
                name=w.name,
                is_full_service=w.is_full_service,
            )
            for hall in hall_units
            for spec in SECTIONS
            for w in spec.windows
        ],
        Window,
        **history,
    )
    window_of = {(w.unit_id, w.number): w for w in windows}
    posts = bulk_create_with_history(
        [
            Post(
                unit=(section := sections_of[(hall.pk, spec.key)]),
                name=p.name,
                duties=p.duties,
                is_critical=p.is_critical,
                window=window_of[(section.pk, p.window_number)] if p.window_number else None,
            )
            for hall in hall_units
            for spec in SECTIONS
            for p in spec.posts
        ],
        Post,
        **history,
    )
    valid_from = date(today.year, 1, 1)
    posts_of: dict[int, list[Post]] = {}
    for post in posts:
        posts_of.setdefault(post.unit_id, []).append(post)
    pairings = []
    for hall in hall_units:
        for spec in SECTIONS:
            section_posts = posts_of[sections_of[(hall.pk, spec.key)].pk]
            for post, (a, b) in zip(
                section_posts,
                _holders(by_hall[hall.pk][spec.key], len(section_posts)),
                strict=True,
            ):
                pairings.append(
                    PostPairing(post=post, a_holder=a, b_holder=b, valid_from=valid_from)
                )
    pairings = bulk_create_with_history(pairings, PostPairing, **history)
    report.count("windows", created=len(windows))
    report.count("posts", created=len(posts))
    report.count("pairings", created=len(pairings))
    return pairings


def _scale_absences(report, hall_units, by_hall, pairings, rng, history, *, today: date):
    """Approved leave for a share of each hall's members in the weeks ahead."""
    partners: dict[int, set[int]] = {}
    for pairing in pairings:
        partners.setdefault(pairing.a_holder_id, set()).add(pairing.b_holder_id)
        partners.setdefault(pairing.b_holder_id, set()).add(pairing.a_holder_id)
    now = timezone.now()
    kinds = [
        Absence.Kind.ANNUAL,
        Absence.Kind.SICK,
        Absence.Kind.PERSONAL,
        Absence.Kind.TRAINING,
        Absence.Kind.BUSINESS_TRIP,
    ]
    absences: list[Absence] = []
    for hall in hall_units:
        manager, *members = [p for key, group in by_hall[hall.pk].items() for p in group]
        approved_here: dict[int, Absence] = {}
        for person in rng.sample(members, k=max(1, round(len(members) * SCALE_ABSENCE_SHARE))):
            start = today + timedelta(days=rng.randint(1, 28))
            absence = Absence(
                staff=person,
                kind=rng.choice(kinds),
                start_date=start,
                end_date=start + timedelta(days=rng.randint(0, 3)),
                reason="synthetic",
                status=Absence.Status.APPROVED,
                requested_by_id=person.user_id,
                requested_at=now,
                decided_by_id=manager.user_id,
                decided_at=now,
            )
            # As the service would record it: approved after the partner's leave, the
            # approver confirmed that the post is left empty on the shared days.
            absence.gaps_confirmed = any(
                _overlaps(absence, approved_here[p])
                for p in partners.get(person.pk, ())
                if p in approved_here
            )
            approved_here[person.pk] = absence
            absences.append(absence)
    bulk_create_with_history(absences, Absence, **history)
    report.count("absences", created=len(absences))
