"""one-off quota grants: a grant without a rule (a batch operation's, under its key), each grant's utility

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quota_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('utility', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=80), nullable=True))
        batch_op.alter_column('rule_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_quota_grants_idempotency_key'), ['idempotency_key'])
    # every grant so far is a rule's: its utility is its rule's
    op.execute("UPDATE quota_grants SET utility = "
               "(SELECT quota_rules.utility FROM quota_rules WHERE quota_rules.id = quota_grants.rule_id)")
    with op.batch_alter_table('quota_grants', schema=None) as batch_op:
        batch_op.alter_column('utility', existing_type=sa.String(length=16), nullable=False)


def downgrade() -> None:
    # The older schema has no place for a grant without a rule: its record goes (the free energy or the
    # subsidy it gave stays where it is, on the meter or in the ledger).
    op.execute("DELETE FROM quota_grants WHERE rule_id IS NULL")
    with op.batch_alter_table('quota_grants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_quota_grants_idempotency_key'), type_='unique')
        batch_op.alter_column('rule_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('idempotency_key')
        batch_op.drop_column('utility')
