"""meter replacements: a meter replaced by a new one or decommissioned, what was billed and carried

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meter_replacements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('meter_kind', sa.String(length=8), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('old_meter_id', sa.Integer(), nullable=False),
    sa.Column('new_meter_id', sa.Integer(), nullable=True),
    sa.Column('final_reading', sa.BigInteger(), nullable=False),
    sa.Column('final_typed', sa.Boolean(), nullable=False),
    sa.Column('initial_reading', sa.BigInteger(), nullable=True),
    sa.Column('billed', sa.BigInteger(), nullable=False),
    sa.Column('charged_fen', sa.BigInteger(), nullable=False),
    sa.Column('carried_fen', sa.BigInteger(), nullable=True),
    sa.Column('purchase_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("action IN ('replace','decommission')", name=op.f('ck_meter_replacements_action')),
    sa.CheckConstraint("meter_kind IN ('ddsy','lxsy')", name=op.f('ck_meter_replacements_meter_kind')),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'],
                            name=op.f('fk_meter_replacements_operator_id_operators')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'],
                            name=op.f('fk_meter_replacements_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_meter_replacements_room_id_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meter_replacements')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_meter_replacements_idempotency_key')),
    sa.UniqueConstraint('meter_kind', 'old_meter_id', name=op.f('uq_meter_replacements_meter_kind_old_meter_id'))
    )
    with op.batch_alter_table('meter_replacements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meter_replacements_room_id'), ['room_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meter_replacements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meter_replacements_room_id'))
    op.drop_table('meter_replacements')
