"""power policies: terms, holidays, policy templates and assignments, meter sync state, pushes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('off','work')", name=op.f('ck_holidays_kind')),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_holidays_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holidays'))
    )
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holidays_first_day'), ['first_day'], unique=False)

    op.create_table('power_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', db.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_power_policies')),
    sa.UniqueConstraint('name', name=op.f('uq_power_policies_name'))
    )
    op.create_table('terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.CheckConstraint('last_day >= first_day', name=op.f('ck_terms_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terms')),
    sa.UniqueConstraint('name', name=op.f('uq_terms_name'))
    )
    op.create_table('policy_pushes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('finished_at', db.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by'], ['operators.id'], name=op.f('fk_policy_pushes_requested_by_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_pushes'))
    )
    op.create_table('policy_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=True),
    sa.Column('floor', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('policy_id', sa.Integer(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('removed_at', db.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint("scope IN ('campus','building','floor','room')", name=op.f('ck_policy_assignments_scope')),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.id'], name=op.f('fk_policy_assignments_building_id_buildings')),
    sa.ForeignKeyConstraint(['created_by'], ['operators.id'], name=op.f('fk_policy_assignments_created_by_operators')),
    sa.ForeignKeyConstraint(['policy_id'], ['power_policies.id'], name=op.f('fk_policy_assignments_policy_id_power_policies')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_policy_assignments_room_id_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_assignments'))
    )
    with op.batch_alter_table('policy_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_assignments_building_id'), ['building_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_assignments_room_id'), ['room_id'], unique=False)

    op.create_table('meter_policy_states',
    sa.Column('meter_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('checked_at', db.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint("state IN ('sync','pending','failed')", name=op.f('ck_meter_policy_states_state')),
    sa.ForeignKeyConstraint(['meter_id'], ['electricity_meters.id'], name=op.f('fk_meter_policy_states_meter_id_electricity_meters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meter_id', name=op.f('pk_meter_policy_states'))
    )

def downgrade() -> None:
    op.drop_table('meter_policy_states')
    with op.batch_alter_table('policy_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_assignments_room_id'))
        batch_op.drop_index(batch_op.f('ix_policy_assignments_building_id'))

    op.drop_table('policy_assignments')
    op.drop_table('policy_pushes')
    op.drop_table('terms')
    op.drop_table('power_policies')
    with op.batch_alter_table('holidays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holidays_first_day'))

    op.drop_table('holidays')
