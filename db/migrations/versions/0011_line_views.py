"""line views: a bus's line panel shared between the window and the process that runs the bus

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('line_views',
    sa.Column('bus_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('wanted_until', db.base.UTCDateTime(), nullable=False),
    sa.Column('at', db.base.UTCDateTime(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['bus_id'], ['buses.id'], name=op.f('fk_line_views_bus_id_buses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bus_id', name=op.f('pk_line_views'))
    )


def downgrade() -> None:
    op.drop_table('line_views')
