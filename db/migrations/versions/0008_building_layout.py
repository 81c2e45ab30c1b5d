"""building layout: a building's gender policy and number of floors

Existing buildings become "mixed" (their rooms keep whatever genders they have) with as many floors
as their highest room, or 1.

On SQLite the columns are added with their checks by ALTER TABLE: a batch copy of `buildings`
would drop the table the rooms refer to, which SQLite refuses inside the migration's transaction
while rooms exist.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

POLICY_CHECK = "gender_policy IN ('M','F','mixed')"
FLOORS_CHECK = "floors BETWEEN 1 AND 99"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE buildings ADD COLUMN gender_policy VARCHAR(8) DEFAULT 'mixed' NOT NULL "
                   f"CONSTRAINT ck_buildings_gender_policy CHECK ({POLICY_CHECK})")
        op.execute("ALTER TABLE buildings ADD COLUMN floors INTEGER DEFAULT '1' NOT NULL "
                   f"CONSTRAINT ck_buildings_floors CHECK ({FLOORS_CHECK})")
    else:
        op.add_column('buildings', sa.Column('gender_policy', sa.String(length=8), server_default='mixed',
                                             nullable=False))
        op.add_column('buildings', sa.Column('floors', sa.Integer(), server_default='1', nullable=False))
    op.execute("UPDATE buildings SET floors = (SELECT CASE WHEN MAX(r.floor) IS NULL THEN 1 "
               "WHEN MAX(r.floor) > 99 THEN 99 ELSE MAX(r.floor) END "
               "FROM rooms r WHERE r.building_id = buildings.id AND r.floor >= 1)")
    if not sqlite:
        op.create_check_constraint(op.f('ck_buildings_gender_policy'), 'buildings', POLICY_CHECK)
        op.create_check_constraint(op.f('ck_buildings_floors'), 'buildings', FLOORS_CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE buildings DROP COLUMN floors")
        op.execute("ALTER TABLE buildings DROP COLUMN gender_policy")
        return
    op.drop_constraint(op.f('ck_buildings_floors'), 'buildings', type_='check')
    op.drop_constraint(op.f('ck_buildings_gender_policy'), 'buildings', type_='check')
    op.drop_column('buildings', 'floors')
    op.drop_column('buildings', 'gender_policy')
