// toasty-cpp crm_embedded example (a port of Toasty's crm-embedded): embedded structs, a
// data-carrying enum and a newtype key, flattened into one table.
// Usage: crm_embedded [database-url]   (default: an in-memory SQLite database)
#include <iostream>
#include <stdexcept>
#include <string>
#include <variant>

#include <toasty/toasty.hpp>

#include "crm.toasty.hpp"

using crm::Address;
using crm::Contact;
using crm::ContactMethod;

namespace {
void expect(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("unexpected: ") + what);
}
}  // namespace

int main(int argc, char** argv) try {
  const char* url = argc > 1 ? argv[1] : "sqlite::memory:";
  auto db = toasty::Db::connect(url, crm::models());
  db.reset_schema();

  // Contacts built entirely from embedded values: no other table is involved.
  Contact dana = Contact::create()
                     .name("Dana")
                     .address(Address{"1 Main St", "Seattle", "98101"})
                     .method(ContactMethod::Email{"dana@example.com"})
                     .exec(db);
  Contact::create()
      .name("Ed")
      .address(Address{"5 Oak Ave", "Portland", "97201"})
      .method(ContactMethod::Phone{"555-0100"})
      .exec(db);
  std::cout << "created Dana with id " << dana.id.value << "\n";

  // Filter by a field of the embedded struct, through its index.
  auto seattle = Contact::filter_by_address_city("Seattle").exec(db);
  std::cout << "contacts in Seattle: " << seattle.size() << "\n";
  expect(seattle.size() == 1, "one contact in Seattle");

  // The enum's filters: is_<variant>() and, for a variant's fields, <variant>().matches().
  // These read every contact (no index serves them): on DynamoDB a Scan, asked for by name.
  auto f = Contact::fields();
  auto emailable = Contact::filter(f.method().is_email()).allow_full_scan().exec(db);
  std::cout << "contacts reachable by email: " << emailable.size() << "\n";
  auto exact = Contact::filter(f.method().email().matches([](const auto& e) {
                 return e.address().eq("dana@example.com");
               }))
                   .allow_full_scan()
                   .exec(db);
  std::cout << "contacts with that exact email: " << exact.size() << "\n";
  expect(emailable.size() == 1 && exact.size() == 1, "Dana alone is reachable by email");

  // The enum is a std::variant: visit it.
  for (const Contact& c : Contact::all().allow_full_scan().exec(db)) {
    std::visit([&](const auto& m) {
      using M = std::decay_t<decltype(m)>;
      if constexpr (std::is_same_v<M, ContactMethod::Email>) std::cout << c.name << ": mail " << m.address << "\n";
      else std::cout << c.name << ": call " << m.number << "\n";
    }, c.method);
  }

  // Patch one field of the embedded struct: the other fields are kept. Passing a whole
  // Address would replace all of it.
  dana.update().address_city("Bellevue").exec(db);
  // Several fields at once.
  dana.update().address_street("456 Oak Ave").address_postal_code("98004").exec(db);
  Contact reloaded = Contact::get_by_id(db, dana.id);
  std::cout << "Dana's patched address: " << reloaded.address.street << " " << reloaded.address.city << " "
            << reloaded.address.postal_code << "\n";
  expect(reloaded.address == Address{"456 Oak Ave", "Bellevue", "98004"}, "the patched address");

  // Switching the variant clears the old one's column.
  dana.update().method(ContactMethod::Phone{"555-0199"}).exec(db);
  expect(Contact::get_by_id(db, dana.id).method == ContactMethod(ContactMethod::Phone{"555-0199"}),
         "Dana is now reached by phone");
  return 0;
} catch (const std::exception& e) {
  std::cerr << "crm_embedded: " << e.what() << "\n";
  return 1;
}
