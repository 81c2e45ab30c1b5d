"""meter commands and live values across processes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'meter_commands',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
        sa.Column('operator_id', sa.Integer(), nullable=True),
        sa.Column('room_id', sa.Integer(), nullable=True),
        sa.Column('meter_kind', sa.String(length=8), nullable=False),
        sa.Column('meter_id', sa.Integer(), nullable=False),
        sa.Column('bus_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.String(length=255), nullable=False),
        sa.Column('finished_at', db.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending','running','done','failed')", name=op.f('ck_meter_commands_status')),
        sa.CheckConstraint("meter_kind IN ('ddsy','lxsy')", name=op.f('ck_meter_commands_meter_kind')),
        sa.ForeignKeyConstraint(['bus_id'], ['buses.id'], name=op.f('fk_meter_commands_bus_id_buses')),
        sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_meter_commands_operator_id_operators')),
        sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_meter_commands_room_id_rooms')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meter_commands')),
    )
    with op.batch_alter_table('meter_commands', schema=None) as batch_op:
        batch_op.create_index('ix_meter_commands_open', ['status', 'bus_id'], unique=False)
    op.create_table(
        'live_values',
        sa.Column('meter_id', sa.Integer(), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=True),
        sa.Column('at', db.base.UTCDateTime(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['meter_id'], ['electricity_meters.id'],
                                name=op.f('fk_live_values_meter_id_electricity_meters')),
        sa.PrimaryKeyConstraint('meter_id', name=op.f('pk_live_values')),
    )
    with op.batch_alter_table('live_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_values_room_id'), ['room_id'], unique=False)
    op.create_table(
        'live_interest',
        sa.Column('owner', sa.String(length=96), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=False),
        sa.Column('expires_at', db.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('owner', 'room_id', name=op.f('pk_live_interest')),
    )
    with op.batch_alter_table('live_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_interest_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('live_interest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_interest_expires_at'))
    op.drop_table('live_interest')
    with op.batch_alter_table('live_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_values_room_id'))
    op.drop_table('live_values')
    with op.batch_alter_table('meter_commands', schema=None) as batch_op:
        batch_op.drop_index('ix_meter_commands_open')
    op.drop_table('meter_commands')
