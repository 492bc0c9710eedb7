"""watch items and bot states

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_watch_items_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_items")),
        sa.UniqueConstraint("chat_id", "kind", "value", name="uq_watch_items_chat_kind_value"),
    )
    op.create_index(op.f("ix_watch_items_chat_id"), "watch_items", ["chat_id"], unique=False)
    op.create_table(
        "bot_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_states")),
    )
    op.create_index(op.f("ix_bot_states_chat_id"), "bot_states", ["chat_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_bot_states_chat_id"), table_name="bot_states")
    op.drop_table("bot_states")
    op.drop_index(op.f("ix_watch_items_chat_id"), table_name="watch_items")
    op.drop_table("watch_items")
