"""void requests: a voided recharge waits for its meter to give the credit back

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('void_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('failure', sa.String(length=255), nullable=False),
    sa.Column('purchase_id', sa.Integer(), nullable=True),
    sa.Column('operation_id', sa.Integer(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('awaiting_meter','done','failed')", name=op.f('ck_void_requests_status')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_void_requests_positive')),
    sa.ForeignKeyConstraint(['operation_id'], ['money_operations.id'],
                            name=op.f('fk_void_requests_operation_id_money_operations')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_void_requests_operator_id_operators')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_void_requests_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], name=op.f('fk_void_requests_receipt_id_receipts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_void_requests')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_void_requests_idempotency_key'))
    )
    with op.batch_alter_table('void_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_void_requests_receipt_id'), ['receipt_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('void_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_void_requests_receipt_id'))
    op.drop_table('void_requests')
