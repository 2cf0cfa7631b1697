#pragma once
// The typed front end that generated model code builds on, one header per concept:
// field paths and filters, queries, the create/update builders, relations. Generated
// headers include this one.
#include "toasty/model/builders.hpp"
#include "toasty/model/compiled.hpp"
#include "toasty/model/decimals.hpp"
#include "toasty/model/embeds.hpp"
#include "toasty/model/enums.hpp"
#include "toasty/model/path.hpp"
#include "toasty/model/query.hpp"
#include "toasty/model/raw.hpp"
#include "toasty/model/relations.hpp"
#include "toasty/model/upsert.hpp"
#include "toasty/model/validation.hpp"
#include "toasty/model/zoned.hpp"
