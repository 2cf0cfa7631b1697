#pragma once
// Everything a program using toasty-cpp needs; generated headers include model.hpp.
#include "toasty/batch.hpp"
#include "toasty/core/value.hpp"
#include "toasty/db.hpp"
#include "toasty/error.hpp"
#include "toasty/model.hpp"
#include "toasty/pool.hpp"
