// product_search: a catalog's search screen on toasty: filters from a form, a search box,
// sorting, a count for "N results", cursor pages a web client walks, a projection for a
// compact list, facets per category, and a CSV export streamed in constant memory.
//
//   product_search [database-url]     (default: an in-memory SQLite database)
//
// Every query runs on SQLite, PostgreSQL, MySQL and DynamoDB. DynamoDB serves what a key or
// an index serves: the listing by category goes through the (category, price) index, the
// rest asks for a full read by name (allow_full_scan), and the facets, which need GROUP BY,
// are computed by SQL databases only. The program checks what it prints.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <toasty/toasty.hpp>

#include "catalog.toasty.hpp"

using catalog::Product;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "product_search: unexpected result: %s\n", what);
    std::exit(1);
  }
}

std::string dollars(std::int64_t cents) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string out(1, '$');
  out += std::to_string(cents / 100);
  out += '.';
  if (cents % 100 < 10) out += '0';
  out += std::to_string(cents % 100);
  return out;
}

// What the search form sends: every part optional.
struct SearchForm {
  std::optional<std::string> category = {};
  std::optional<std::string> text = {};  // the search box
  std::optional<std::int64_t> max_price = {};
  bool in_stock_only = false;
};

// The form as one query: a listing by category in price order uses the index; without a
// category, the whole catalog is read (on DynamoDB, by name).
toasty::Query<Product> search(const SearchForm& form) {
  auto f = Product::fields();
  std::vector<toasty::Filter> asked;
  if (form.text) asked.push_back(f.name().contains_ignore_case(*form.text));
  if (form.max_price) asked.push_back(f.price().le(*form.max_price));
  if (form.in_stock_only) asked.push_back(f.in_stock().eq(true));
  auto q = form.category ? Product::filter_by_category(*form.category) : Product::all().allow_full_scan();
  q.filter(toasty::Filter::all_of(asked));
  if (form.category) q.order_by(f.price().asc());  // the index's own order
  return q;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite::memory:";
  try {
    toasty::Db db = toasty::Db::connect(url, catalog::models());
    db.reset_schema();
    const bool sql = db.driver().capability().sql();

    // --- seed: one create_many, one round trip (one transaction on DynamoDB) ----------
    struct Seed {
      const char* name;
      const char* category;
      std::int64_t price;
      bool in_stock;
    };
    const Seed seeds[] = {
        {"Pro Keyboard", "input", 7999, true},   {"Mouse", "input", 2999, true},
        {"Webcam", "input", 4999, false},        {"USB Cable", "input", 999, true},
        {"Trackball Pro", "input", 5999, true},  {"4K Monitor", "display", 39999, true},
        {"Portable Monitor", "display", 19999, false}, {"HDMI cable", "display", 1499, true},
    };
    auto batch = Product::create_many();
    for (const Seed& s : seeds)
      batch.item(Product::create().name(s.name).category(s.category).price(s.price).in_stock(s.in_stock));
    batch.exec(db);

    // --- the search form ------------------------------------------------------------
    auto cheap_input = search({.category = "input", .max_price = 3000}).exec(db);
    std::cout << "input under $30: " << cheap_input.size() << "\n";
    check(cheap_input.size() == 2 && cheap_input[0].name == "USB Cable", "input under $30");

    // The search box ignores ASCII case: "cable" finds "USB Cable" and "HDMI cable".
    auto cables = search({.text = "CABLE"}).exec(db);
    std::cout << "search \"CABLE\": " << cables.size() << " products\n";
    check(cables.size() == 2, "search CABLE");
    // ... and combines with the other fields of the form.
    check(search({.category = "input", .text = "pro", .in_stock_only = true}).count(db) == 2, "search pro in stock");

    // LIKE, the same on every backend (case-sensitive; here checked on the category's items).
    auto pro = Product::filter_by_category("input").filter(Product::fields().name().like("%Pro%")).exec(db);
    check(pro.size() == 2, "like %Pro%");
    auto by_prefix = Product::filter_by_category("display").filter(Product::fields().name().starts_with("4K")).exec(db);
    check(by_prefix.size() == 1, "starts_with 4K");

    // The index's other lookup: one category at one price.
    check(Product::filter_by_category_and_price("input", 2999).exec(db).size() == 1, "filter_by_category_and_price");

    // --- "N results" and the first page ---------------------------------------------
    auto listing = search({.category = "input"});
    const std::uint64_t total = listing.count(db);
    std::cout << total << " results in input\n";
    check(total == 5, "count");

    // Cursor pages of 2: the client gets the cursor text with each page and hands it back.
    toasty::Page<Product> page = listing.paginate(2).exec(db);
    std::vector<std::string> seen;
    std::size_t pages = 0;
    for (;;) {
      ++pages;
      for (const Product& p : page) seen.push_back(p.name);
      std::optional<std::string> cursor = page.next_cursor();  // what the web page links to
      if (!cursor) break;
      page = listing.paginate(2).after(*cursor).exec(db);
    }
    std::cout << "walked " << seen.size() << " products in " << pages << " pages:";
    for (const auto& n : seen) std::cout << " [" << n << "]";
    std::cout << "\n";
    check(seen.size() == 5 && pages == 3 && seen.front() == "USB Cable" && seen.back() == "Pro Keyboard", "pages");
    // And back from the last page.
    auto back = page.prev(db);
    check(back && back->size() == 2 && (*back)[0].name == "Webcam", "previous page");

    // Sorted by price, then name, for a whole-catalog list: limit and offset for a small one.
    auto f = Product::fields();
    auto cheapest = Product::all().allow_full_scan().order_by(f.price().asc()).limit(3).exec(db);
    check(cheapest.size() == 3 && cheapest[0].name == "USB Cable" && cheapest[1].name == "HDMI cable", "cheapest");

    // --- a compact list: only the columns shown ------------------------------------
    auto rows = Product::filter_by_category("display").order_by(f.price().asc()).select(f.name(), f.price()).exec(db);
    for (const auto& [name, price] : rows) std::cout << "  " << name << " " << dollars(price) << "\n";
    check(rows.size() == 3 && std::get<1>(rows.back()) == 39999, "projection");

    // --- facets: how many per category, and the cheapest of each (SQL: GROUP BY) ------
    if (sql) {
      auto per_category = Product::all().group_by(f.category()).count(db);
      auto lowest = Product::all().group_by(f.category()).min(db, f.price());
      for (std::size_t i = 0; i < per_category.size(); ++i)
        std::cout << "  " << std::get<0>(per_category[i]) << ": " << std::get<1>(per_category[i]) << " from "
                  << dollars(*std::get<1>(lowest[i])) << "\n";
      check(per_category.size() == 2 && std::get<1>(per_category[1]) == 5, "facets");
      check(Product::all().sum(db, f.price()) == 7999 + 2999 + 4999 + 999 + 5999 + 39999 + 19999 + 1499, "sum");
    } else {
      std::cout << "  (facets: DynamoDB has no GROUP BY; a store keeps a counter item per category)\n";
    }

    // --- export: every product, one at a time, in constant memory -------------------
    std::uint64_t exported = 0;
    for (Product& p : Product::all().allow_full_scan().stream(db)) {
      if (exported++ == 0) std::cout << "csv: name,category,price\n";
      (void)p;  // a real export writes p.name, p.category, p.price here
    }
    check(exported == 8, "export");
    std::cout << "exported " << exported << " products\n";
    return 0;
  } catch (const toasty::Error& e) {
    std::cerr << "product_search: " << e.what() << "\n";
    return 1;
  }
}
