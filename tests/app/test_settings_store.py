from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.counter import payment_methods, settlement
from app.counter.payment_methods import PaymentMethod
from app.errors import InvalidInput, PermissionDenied
from app.metering import quota
from app.metering.quota_periods import Term
from db.models import AuditRecord
from tests.factories import make_campus


def test_office_settings_are_admin_only_shared_and_audited(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    new = [PaymentMethod("cash", "现金", False, cash=True), PaymentMethod("ecny", "数字人民币 e-CNY", True)]
    with pytest.raises(PermissionDenied):
        payment_methods.set_methods(store, campus.clerk, new)
    with pytest.raises(InvalidInput, match="each code once"):
        payment_methods.set_methods(store, campus.admin, [new[0], new[0]])
    payment_methods.set_methods(store, campus.admin, new)
    assert payment_methods.method(store, "ecny").requires_reference
    with pytest.raises(InvalidInput):
        payment_methods.method(store, "wechat")
    quota.set_terms(store, campus.admin, [Term("2026-T1", date(2026, 9, 1), date(2027, 1, 15))])
    assert quota.terms(store)[0].key == "2026-T1"
    settlement.set_policy(store, campus.admin, "equal_split")
    assert settlement.policy(store) == "equal_split"
    with store.read() as s:
        actions = [r.action for r in s.scalars(select(AuditRecord).where(AuditRecord.entity == "setting")
                                               .order_by(AuditRecord.id))]
        first = s.scalar(select(AuditRecord).where(AuditRecord.action == "settings.payment_methods"))
    assert actions == ["settings.payment_methods", "settings.term_calendar", "settings.settlement_policy"]
    assert len(first.before["value"]) == 5 and first.after["value"][1]["code"] == "ecny"
