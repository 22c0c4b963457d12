"""One pydantic model per record file of the import contract (shared/contract/records.md).

The models are the single place the rules live: which columns a file has, which are required,
and which value type (graph_model.types) cleans each. Two paths read them:

- row by row, ``Model.model_validate(row)`` — plain pydantic, used for small inputs and tests;
- column by column, :mod:`ingest.records.validate` — the same field specs applied to a whole
  DataFrame, cleaning each distinct value once, for files of millions of rows.

Unknown columns are allowed (``extra="allow"``) and kept. A reference whose type depends on a
kind column (``subject_id`` of a ``person`` is a citizen ID, of a ``shop`` is
``platform_id/shop_id``) is declared once in ``kind_refs``.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator, model_validator

from creditgraph.graph_model import types
from creditgraph.graph_model.types import Enum, MissingValue, ValueType

# --------------------------------------------------------------------------------------------
# Field specs


@dataclass(frozen=True)
class Spec:
    """Metadata on every model field: the value type that cleans it and whether it may be empty."""

    type: ValueType
    required: bool = False

    def clean(self, value: Any) -> Any:
        v = self.type.clean(value)
        if v is None and self.required:
            raise MissingValue("required value is empty")
        return v

    @property
    def personal(self) -> bool:
        return self.type.personal


def _field(vt: ValueType | str, py: Any, required: bool) -> Any:
    spec = Spec(types.get(vt) if isinstance(vt, str) else vt, required)
    return Annotated[py if required else py | None, BeforeValidator(spec.clean), spec]


def req(vt: ValueType | str, py: Any = str) -> Any:
    return _field(vt, py, True)


def opt(vt: ValueType | str, py: Any = str) -> Any:
    return _field(vt, py, False)


def enum(label: str, values: str, aliases: dict[str, str] | None = None) -> Enum:
    return Enum(label=label, values=tuple(values.split("/")), aliases=aliases or {})


KIND_ALIASES = {
    "企业": "company",
    "公司": "company",
    "个人": "person",
    "自然人": "person",
    "店铺": "shop",
    "网店": "shop",
    "快递": "courier",
    "快递企业": "courier",
    "平台": "platform",
}
HOLDER = enum("holder_kind", "company/person", KIND_ALIASES)
ACCOUNT_HOLDER = enum("holder_kind", "company/person/shop", KIND_ALIASES)
SUBJECT = enum("subject_kind", "company/person/shop/courier/platform", KIND_ALIASES)
STATUS = enum("status", "存续/在业/注销/吊销/迁出")
ROLE = enum(
    "role",
    "法定代表人/董事/监事/经理/高级管理人员/负责人",
    {"董事长": "董事", "执行董事": "董事", "副董事长": "董事", "总经理": "经理", "监事会主席": "监事"},
)
PRODUCT_CATEGORY = enum(
    "category", "食品/保健食品/婴配食品/药品/医疗器械/化妆品/农产品/日用消费品/特种设备/危险品/其他"
)
INTERMEDIARY_CATEGORY = enum("category", "设计咨询/鉴证技术/评估/审计/招投标代理/其他")
GRADE = enum("grade", "A/B/C/D", {"a": "A", "b": "B", "c": "C", "d": "D"})
SOURCE = enum("source", "行政处罚/投诉举报/抽检/平台报送/司法判决")
SEVERITY = enum("severity", "一般/较重/严重")
CHANNEL = enum("channel", "12345/12315/12312/12318/12358/12365/12331/平台")
COMMITMENT_KIND = enum(
    "kind",
    "审批替代型/主动型/行业自律型/信用修复型",
    {"审批替代": "审批替代型", "主动": "主动型", "行业自律": "行业自律型", "信用修复": "信用修复型"},
)
PRACTITIONER_GROUP = enum(
    "group",
    "公务员/律师/公证员/医师/护士/教师/科研人员/会计/审计师/税务师/评估师/导游/经纪人/金融从业人员/快递从业人员/其他",
    {"会计师": "会计", "寄递人员": "快递从业人员", "快递员": "快递从业人员", "执业医师": "医师"},
)
INSPECTION_RESULT = enum("result", "合格/不合格", {"不合格品": "不合格", "合格品": "合格"})
COMPLAINT_STATUS = enum("status", "受理/转办/办结/先行赔付")
LIST = enum("list", "red/black", {"红名单": "red", "黑名单": "black", "Red": "red", "Black": "black"})

# The value type of a reference, by the kind it refers to.
REF_TYPES: dict[str, ValueType] = {
    "company": types.uscc,
    "person": types.citizen_id,
    "shop": types.registry["shop_ref"],
    "courier": types.registry["text"],
    "platform": types.registry["text"],
}


# --------------------------------------------------------------------------------------------
# Base


class Record(BaseModel):
    """Base of every record model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    # Columns whose value type depends on another column: {"subject_id": "subject_kind"}.
    kind_refs: ClassVar[dict[str, str]] = {}
    # Columns that together identify the record (for de-duplication and placeholders).
    key: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _blank_extras(cls, data: Any) -> Any:
        """Unknown columns are kept as text, an empty cell as None (as for known columns)."""
        if isinstance(data, dict):
            fields = cls.model_fields
            return {
                k: (None if k not in fields and isinstance(v, str) and not v.strip() else v)
                for k, v in data.items()
            }
        return data

    @classmethod
    def specs(cls) -> dict[str, Spec]:
        """Column → spec, in declaration order."""
        out: dict[str, Spec] = {}
        for name, info in cls.model_fields.items():
            out[name] = next(m for m in info.metadata if isinstance(m, Spec))
        return out

    @classmethod
    def required_columns(cls) -> list[str]:
        return [c for c, s in cls.specs().items() if s.required]

    @classmethod
    def personal_columns(cls) -> set[str]:
        return {c for c, s in cls.specs().items() if s.personal}


def _check_ref(value: str | None, info: ValidationInfo, kind_column: str) -> str | None:
    """Validate a reference by the type its kind column names (run after that column)."""
    if value is None:
        return None
    kind = info.data.get(kind_column)
    if kind is None:  # the kind itself failed; its own error says so
        return value
    return REF_TYPES[kind].clean(value)


def _ref(column: str, kind_column: str) -> Any:
    def check(cls: type[Record], value: str | None, info: ValidationInfo) -> str | None:
        return _check_ref(value, info, kind_column)

    return field_validator(column, mode="after")(check)


# --------------------------------------------------------------------------------------------
# One model per file


class CompanyRecord(Record):
    key = ("uscc",)
    uscc: req("uscc")
    name: req("text")
    kind: opt("text") = None
    registered_at: opt("date", dt.date) = None
    status: opt(STATUS) = None
    address: opt("text") = None
    phone: opt("phone") = None
    jurisdiction: opt("region") = None


class PersonRecord(Record):
    key = ("id_number",)
    id_number: req("citizen_id")
    name: req("text")
    phone: opt("phone") = None
    address: opt("text") = None


class RoleRecord(Record):
    key = ("company_uscc", "person_id_number", "role")
    company_uscc: req("uscc")
    person_id_number: req("citizen_id")
    role: req(ROLE)
    since: opt("date", dt.date) = None
    until: opt("date", dt.date) = None


class ShareholdingRecord(Record):
    key = ("company_uscc", "holder_kind", "holder_id")
    kind_refs = {"holder_id": "holder_kind"}
    company_uscc: req("uscc")
    holder_kind: req(HOLDER)
    holder_id: req("text")
    ratio: opt("ratio", float) = None
    since: opt("date", dt.date) = None
    until: opt("date", dt.date) = None
    check_holder = _ref("holder_id", "holder_kind")


class AccountRecord(Record):
    key = ("holder_kind", "holder_id", "account_no")
    kind_refs = {"holder_id": "holder_kind"}
    holder_kind: req(ACCOUNT_HOLDER)
    holder_id: req("text")
    account_no: req("account")
    bank: opt("text") = None
    check_holder = _ref("holder_id", "holder_kind")


class PlatformRecord(Record):
    key = ("platform_id",)
    platform_id: req("text")
    name: req("text")
    operator_uscc: opt("uscc") = None
    url: opt("text") = None


class ShopRecord(Record):
    key = ("platform_id", "shop_id")
    kind_refs = {"operator_id": "operator_kind"}
    platform_id: req("text")
    shop_id: req("text")
    name: req("text")
    operator_kind: req(HOLDER)
    operator_id: req("text")
    opened_at: opt("date", dt.date) = None
    closed_at: opt("date", dt.date) = None
    phone: opt("phone") = None
    address: opt("text") = None
    check_operator = _ref("operator_id", "operator_kind")


class CourierRecord(Record):
    key = ("courier_id",)
    courier_id: req("text")
    name: req("text")
    operator_uscc: req("uscc")
    license_no: opt("text") = None


class ShippingRecord(Record):
    key = ("courier_id", "platform_id", "shop_id")
    courier_id: req("text")
    platform_id: req("text")
    shop_id: opt("text") = None
    since: opt("date", dt.date) = None
    until: opt("date", dt.date) = None
    parcels: opt("integer", int) = None


class ProductRecord(Record):
    key = ("product_id",)
    product_id: req("text")
    name: req("text")
    category: opt(PRODUCT_CATEGORY) = None
    barcode: opt("gtin") = None
    manufacturer_uscc: opt("uscc") = None


class ListingRecord(Record):
    key = ("platform_id", "shop_id", "product_id")
    platform_id: req("text")
    shop_id: req("text")
    product_id: req("text")
    listed_at: opt("date", dt.date) = None
    delisted_at: opt("date", dt.date) = None


class IntermediaryRecord(Record):
    key = ("uscc",)
    uscc: req("uscc")
    category: req(INTERMEDIARY_CATEGORY)


class EvaluationRecord(Record):
    key = ("subject_kind", "subject_id", "agency", "evaluated_at")
    kind_refs = {"subject_id": "subject_kind"}
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    agency: req("text")
    evaluated_at: req("date", dt.date)
    grade: req(GRADE)
    score: opt("number", float) = None
    check_subject = _ref("subject_id", "subject_kind")


class ViolationRecord(Record):
    key = ("record_id",)
    kind_refs = {"subject_id": "subject_kind"}
    record_id: req("text")
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    violation_type: req("text")
    decided_at: req("date", dt.date)
    agency: req("text")
    jurisdiction: opt("region") = None
    source: opt(SOURCE) = None
    severity: opt(SEVERITY) = None
    description: opt("text") = None
    display_until: opt("date", dt.date) = None
    repaired_at: opt("date", dt.date) = None
    commitment_id: opt("text") = None
    check_subject = _ref("subject_id", "subject_kind")


class ComplaintRecord(Record):
    key = ("complaint_id",)
    kind_refs = {"subject_id": "subject_kind"}
    complaint_id: req("text")
    channel: req(CHANNEL)
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    received_at: req("date", dt.date)
    category: opt("text") = None
    substantiated: opt("boolean", bool) = None
    status: opt(COMPLAINT_STATUS) = None
    resolved_at: opt("date", dt.date) = None
    compensation: opt("number", float) = None
    orders: opt("integer", int) = None
    check_subject = _ref("subject_id", "subject_kind")


class CommitmentRecord(Record):
    key = ("commitment_id",)
    kind_refs = {"subject_id": "subject_kind"}
    commitment_id: req("text")
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    kind: req(COMMITMENT_KIND)
    content: req("text")
    made_at: req("date", dt.date)
    agency: opt("text") = None
    valid_until: opt("date", dt.date) = None
    public: opt("boolean", bool) = None
    check_subject = _ref("subject_id", "subject_kind")


class PractitionerRecord(Record):
    key = ("person_id_number", "group", "licence_no")
    person_id_number: req("citizen_id")
    group: req(PRACTITIONER_GROUP)
    licence_no: opt("licence") = None
    issuing_agency: opt("text") = None
    employer_uscc: opt("uscc") = None
    since: opt("date", dt.date) = None
    until: opt("date", dt.date) = None


class InspectionRecord(Record):
    key = ("inspection_id",)
    inspection_id: req("text")
    product_id: req("text")
    agency: req("text")
    sampled_at: req("date", dt.date)
    batch: opt("text") = None
    result: req(INSPECTION_RESULT)
    items: opt("text") = None
    shop: opt("shop_ref") = None


class AbnormalEntryRecord(Record):
    key = ("entry_id",)
    kind_refs = {"subject_id": "subject_kind"}
    entry_id: req("text")
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    agency: req("text")
    listed_at: req("date", dt.date)
    reason: opt("text") = None
    removed_at: opt("date", dt.date) = None
    check_subject = _ref("subject_id", "subject_kind")


class ListEntryRecord(Record):
    key = ("entry_id",)
    kind_refs = {"subject_id": "subject_kind"}
    entry_id: req("text")
    list: req(LIST)
    subject_kind: req(SUBJECT)
    subject_id: req("text")
    agency: req("text")
    listed_at: req("date", dt.date)
    reason: opt("text") = None
    jurisdiction: opt("region") = None
    expires_at: opt("date", dt.date) = None
    removed_at: opt("date", dt.date) = None
    measures: opt("list", list[str]) = None
    check_subject = _ref("subject_id", "subject_kind")


# --------------------------------------------------------------------------------------------
# Files, in dependency order: anything referred to comes before what refers to it, so a full
# batch creates no placeholders. (Placeholders still cover references across batches.)


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[Record]
    depends_on: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".csv")


FILES: dict[str, FileSpec] = {
    f.name: f
    for f in (
        FileSpec("companies.csv", CompanyRecord),
        FileSpec("persons.csv", PersonRecord),
        FileSpec("intermediaries.csv", IntermediaryRecord, ("companies.csv",)),
        FileSpec("platforms.csv", PlatformRecord, ("companies.csv",)),
        FileSpec("couriers.csv", CourierRecord, ("companies.csv",)),
        FileSpec("shops.csv", ShopRecord, ("platforms.csv", "companies.csv", "persons.csv")),
        FileSpec("products.csv", ProductRecord, ("companies.csv",)),
        FileSpec("roles.csv", RoleRecord, ("companies.csv", "persons.csv")),
        FileSpec("practitioners.csv", PractitionerRecord, ("companies.csv", "persons.csv")),
        FileSpec("shareholdings.csv", ShareholdingRecord, ("companies.csv", "persons.csv")),
        FileSpec("accounts.csv", AccountRecord, ("companies.csv", "persons.csv", "shops.csv")),
        FileSpec("shipping.csv", ShippingRecord, ("couriers.csv", "platforms.csv", "shops.csv")),
        FileSpec("listings.csv", ListingRecord, ("shops.csv", "products.csv")),
        FileSpec("inspections.csv", InspectionRecord, ("shops.csv", "products.csv")),
        FileSpec("evaluations.csv", EvaluationRecord, ("companies.csv", "persons.csv", "shops.csv")),
        FileSpec("commitments.csv", CommitmentRecord, ("companies.csv", "persons.csv", "shops.csv")),
        FileSpec(
            "violations.csv",
            ViolationRecord,
            ("companies.csv", "persons.csv", "shops.csv", "commitments.csv"),
        ),
        FileSpec("complaints.csv", ComplaintRecord, ("companies.csv", "persons.csv", "shops.csv")),
        FileSpec("list_entries.csv", ListEntryRecord, ("companies.csv", "persons.csv", "shops.csv")),
        FileSpec("abnormal_entries.csv", AbnormalEntryRecord, ("companies.csv", "persons.csv", "shops.csv")),
    )
}
LOAD_ORDER: tuple[str, ...] = tuple(FILES)


def spec_for(file_name: str) -> FileSpec:
    """The spec of a contract file by its name (``companies.csv`` or ``companies``)."""
    name = file_name if file_name.endswith(".csv") else f"{file_name}.csv"
    try:
        return FILES[name]
    except KeyError as err:
        raise KeyError(f"{file_name!r} is not a contract file; known: {', '.join(FILES)}") from err
