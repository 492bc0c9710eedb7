"""article facts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("text", sa.String(length=200), nullable=True),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_facts_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_facts")),
    )
    op.create_index(
        op.f("ix_article_facts_article_id"), "article_facts", ["article_id"], unique=False
    )
    op.create_index(
        "ix_article_facts_category_name", "article_facts", ["category", "name"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_article_facts_category_name", table_name="article_facts")
    op.drop_index(op.f("ix_article_facts_article_id"), table_name="article_facts")
    op.drop_table("article_facts")
