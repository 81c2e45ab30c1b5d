"""share transfers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('share_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('from_account_id', sa.Integer(), nullable=False),
    sa.Column('to_account_id', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('debit_purchase_id', sa.Integer(), nullable=False),
    sa.Column('credit_purchase_id', sa.Integer(), nullable=True),
    sa.Column('operation_id', sa.Integer(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('memo', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('awaiting_meter','credited','failed')", name=op.f('ck_share_transfers_status')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_share_transfers_positive')),
    sa.ForeignKeyConstraint(['credit_purchase_id'], ['purchases.id'], name=op.f('fk_share_transfers_credit_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['debit_purchase_id'], ['purchases.id'], name=op.f('fk_share_transfers_debit_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['from_account_id'], ['accounts.id'], name=op.f('fk_share_transfers_from_account_id_accounts')),
    sa.ForeignKeyConstraint(['operation_id'], ['money_operations.id'], name=op.f('fk_share_transfers_operation_id_money_operations')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_share_transfers_operator_id_operators')),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_share_transfers_student_id_students')),
    sa.ForeignKeyConstraint(['to_account_id'], ['accounts.id'], name=op.f('fk_share_transfers_to_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_transfers')),
    sa.UniqueConstraint('debit_purchase_id', name=op.f('uq_share_transfers_debit_purchase_id')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_share_transfers_idempotency_key'))
    )
    with op.batch_alter_table('share_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_transfers_from_account_id'), ['from_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_transfers_to_account_id'), ['to_account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('share_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_transfers_to_account_id'))
        batch_op.drop_index(batch_op.f('ix_share_transfers_from_account_id'))

    op.drop_table('share_transfers')
