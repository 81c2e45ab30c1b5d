"""operator sessions: who is logged in where

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('operator_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('workstation', sa.String(length=255), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('started_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', db.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', db.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'],
                            name=op.f('fk_operator_sessions_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operator_sessions'))
    )
    with op.batch_alter_table('operator_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operator_sessions_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_operator_sessions_last_seen_at'), ['last_seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('operator_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operator_sessions_last_seen_at'))
        batch_op.drop_index(batch_op.f('ix_operator_sessions_operator_id'))
    op.drop_table('operator_sessions')
