// Soft deletes on every backend: remove() of a model with a #[soft_delete] field sets it;
// queries, get_by_*, relations and includes leave such records out; with_deleted() and
// only_deleted() reach them; restore() brings them back; force_remove() deletes for good.
#include <algorithm>

#include "rel.toasty.hpp"
#include "support/backend.hpp"

using rel::Board;
using rel::Card;
using toasty_test::BackendTest;

namespace {

class SoftDelete : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(toasty_test::fresh_db(rel::models()));
    board_ = Board::create()
                 .name("todo")
                 .card(Card::create().slug("a").title("A"))
                 .card(Card::create().slug("b").title("B"))
                 .card(Card::create().slug("c").title("C"))
                 .exec(db());
  }
  toasty::Db& db() { return *db_; }
  static std::vector<std::string> slugs(std::vector<Card> cards) {
    std::vector<std::string> out;
    for (auto& c : cards) out.push_back(c.slug);
    std::sort(out.begin(), out.end());
    return out;
  }
  Card card(const std::string& slug) { return Card::get_by_slug(db(), slug); }
  std::optional<toasty::Db> db_;
  Board board_;
};

using Slugs = std::vector<std::string>;

TEST_F(SoftDelete, RemoveHidesTheRecordFromQueries) {
  auto b = card("b");
  b.remove(db());
  EXPECT_THROW(Card::get_by_id(db(), b.id), toasty::NotFound);
  EXPECT_THROW(card("b"), toasty::NotFound);
  EXPECT_EQ(slugs(Card::filter_by_board_id(board_.id).exec(db())), (Slugs{"a", "c"}));
  EXPECT_EQ(Card::filter_by_board_id(board_.id).count(db()), 2u);
  auto all = Card::filter_by_board_id(board_.id).with_deleted().exec(db());
  EXPECT_EQ(slugs(all), (Slugs{"a", "b", "c"}));
  auto gone = Card::filter_by_board_id(board_.id).only_deleted().exec(db());
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].slug, "b");
  EXPECT_TRUE(gone[0].deleted_at.has_value());
  // Updates by query leave removed records alone; removing again changes nothing.
  EXPECT_EQ(Card::filter_by_board_id(board_.id).update().title("T").exec(db()), 2u);
  EXPECT_EQ(Card::filter_by_id(b.id).remove(db()), 0u);
  EXPECT_EQ(Card::filter_by_board_id(board_.id).with_deleted().only_deleted().exec(db())[0].title, "B");
}

TEST_F(SoftDelete, RelationsAndIncludesLeaveRemovedRecordsOut) {
  card("a").remove(db());
  EXPECT_EQ(slugs(board_.cards().exec(db())), (Slugs{"b", "c"}));
  auto boards = Board::filter_by_id(board_.id).include(Board::fields().cards()).exec(db());
  ASSERT_EQ(boards.size(), 1u);
  EXPECT_EQ(slugs(boards[0].cards.get()), (Slugs{"b", "c"}));
  EXPECT_EQ(board_.cards().count(db()), 2u);
}

TEST_F(SoftDelete, RestoreBringsTheRecordBack) {
  auto c = card("c");
  c.remove(db());
  auto removed = Card::filter_by_id(c.id).only_deleted().exec(db()).at(0);
  removed.restore(db());
  EXPECT_FALSE(removed.deleted_at.has_value());
  EXPECT_EQ(card("c").id, c.id);
  card("a").remove(db());
  card("b").remove(db());
  EXPECT_EQ(Card::filter_by_board_id(board_.id).restore(db()), 2u);  // the removed ones of the board
  EXPECT_EQ(board_.cards().count(db()), 3u);
}

// A unique value stays taken while its record is only removed, on every backend alike;
// force_remove() frees it.
TEST_F(SoftDelete, UniqueValuesOfRemovedRecordsStayTaken) {
  auto a = card("a");
  a.remove(db());
  EXPECT_THROW(Card::create().board_id(board_.id).slug("a").title("again").exec(db()), toasty::UniqueViolation);
  a.force_remove(db());
  EXPECT_TRUE(Card::filter_by_id(a.id).with_deleted().exec(db()).empty());
  EXPECT_EQ(Card::create().board_id(board_.id).slug("a").title("again").exec(db()).title, "again");
}

TEST_F(SoftDelete, ForceRemoveOfAQueryPurgesRemovedRecords) {
  card("a").remove(db());
  card("b").remove(db());
  EXPECT_EQ(Card::filter_by_board_id(board_.id).only_deleted().force_remove(db()), 2u);
  EXPECT_EQ(slugs(Card::filter_by_board_id(board_.id).with_deleted().exec(db())), (Slugs{"c"}));
}

}  // namespace
