"""load profiles and signature library

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('load_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', db.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_profiles')),
    sa.UniqueConstraint('name', name=op.f('uq_load_profiles_name'))
    )
    op.create_table('signature_libraries',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('doc', sa.JSON(), nullable=False),
    sa.Column('saved_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('saved_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['saved_by'], ['operators.id'], name=op.f('fk_signature_libraries_saved_by_operators')),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_signature_libraries'))
    )
    op.create_table('load_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=True),
    sa.Column('floor', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=255), nullable=False),
    sa.Column('created_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('removed_at', db.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint("scope IN ('campus','building','floor','room')", name=op.f('ck_load_assignments_scope')),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.id'], name=op.f('fk_load_assignments_building_id_buildings')),
    sa.ForeignKeyConstraint(['created_by'], ['operators.id'], name=op.f('fk_load_assignments_created_by_operators')),
    sa.ForeignKeyConstraint(['profile_id'], ['load_profiles.id'], name=op.f('fk_load_assignments_profile_id_load_profiles')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_load_assignments_room_id_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_assignments'))
    )
    with op.batch_alter_table('load_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_load_assignments_building_id'), ['building_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_load_assignments_room_id'), ['room_id'], unique=False)

    op.create_table('load_identifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('branch', sa.Integer(), nullable=False),
    sa.Column('appliance', sa.String(length=64), nullable=False),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('distance', sa.Double(), nullable=True),
    sa.Column('meter_action', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('host_action', sa.String(length=8), nullable=False),
    sa.Column('dp_w', sa.Integer(), nullable=False),
    sa.Column('library_version', sa.Integer(), nullable=False),
    sa.Column('decided_at', db.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['meter_events.id'], name=op.f('fk_load_identifications_event_id_meter_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_load_identifications_room_id_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_load_identifications')),
    sa.UniqueConstraint('event_id', name=op.f('uq_load_identifications_event_id'))
    )
    with op.batch_alter_table('load_identifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_load_identifications_decided_at'), ['decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_load_identifications_room_id'), ['room_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('load_identifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_load_identifications_room_id'))
        batch_op.drop_index(batch_op.f('ix_load_identifications_decided_at'))

    op.drop_table('load_identifications')
    with op.batch_alter_table('load_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_load_assignments_room_id'))
        batch_op.drop_index(batch_op.f('ix_load_assignments_building_id'))

    op.drop_table('load_assignments')
    op.drop_table('signature_libraries')
    op.drop_table('load_profiles')
