#pragma once
// Includes SOCI without Boost. Debian's libsoci-dev was built with Boost support, so its
// soci-config.h defines SOCI_HAVE_BOOST, yet the package does not depend on the Boost
// headers (138 MB). SOCI_HAVE_BOOST only enables header templates for Boost.Fusion
// sequences in use()/into() (bind-values.h), which we do not use: it changes no class
// layout or library symbol. So read the config once, drop the Boost switches, then include
// SOCI (the config header's include guard keeps them dropped).
#include <soci/soci-config.h>
#undef SOCI_HAVE_BOOST
#undef SOCI_HAVE_BOOST_DATE_TIME

#include <soci/soci.h>  // IWYU pragma: export
