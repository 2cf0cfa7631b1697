#include "credentials.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>
#include "core/text.hpp"
#include "driver/common/redact.hpp"

namespace toasty::dynamodb {

namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string percent_decode(std::string_view s, std::string_view url) {
  auto out = text::percent_decode(s);
  if (!out) throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) + "\": bad %-escape");
  return std::move(*out);
}

struct LoadedFile {
  std::string path;     // empty: no path could be determined (no HOME)
  bool found = false;
  IniFile ini;

  std::string describe() const {
    if (path.empty()) return "(no path: HOME is unset)";
    return found ? path : path + " (not found)";
  }
};

std::string expand_home(std::string path, const Environment& env) {
  if (path.size() >= 1 && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
    if (auto home = env.get("HOME")) return *home + path.substr(1);
  }
  return path;
}

LoadedFile load(const Environment& env, const char* override_var, const char* default_name) {
  LoadedFile f;
  if (auto p = env.get(override_var)) {
    f.path = expand_home(*p, env);
  } else if (auto home = env.get("HOME")) {
    f.path = *home + "/.aws/" + default_name;
  }
  if (f.path.empty()) return f;
  std::ifstream in(f.path, std::ios::binary);
  if (!in) return f;
  std::stringstream ss;
  ss << in.rdbuf();
  f.found = true;
  f.ini = parse_ini(ss.str());
  return f;
}

const IniSection* section(const LoadedFile& f, const std::string& name) {
  auto it = f.ini.find(name);
  return it == f.ini.end() ? nullptr : &it->second;
}

std::optional<std::string> value(const IniSection* s, const std::string& key) {
  if (s == nullptr) return std::nullopt;
  auto it = s->find(key);
  if (it == s->end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool is_true(const std::optional<std::string>& v) { return v && text::ascii_lower(*v) == "true"; }

}  // namespace

// ------------------------------------------------------------------ Environment

Environment Environment::process() {
  return Environment{[](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  }};
}

Environment Environment::from_map(std::map<std::string, std::string> vars) {
  return Environment{[vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }};
}

std::optional<std::string> Environment::get(const std::string& name) const {
  if (!getenv) return std::nullopt;
  auto v = getenv(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// -------------------------------------------------------------------------- INI

IniFile parse_ini(std::string_view text) {
  IniFile file;
  IniSection* current = nullptr;
  std::string parent;  // key with an empty value: indented lines below are its sub-properties
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    bool indented = std::isspace(static_cast<unsigned char>(raw[0])) != 0;
    if (!indented && line.front() == '[') {
      std::size_t close = line.find(']');
      if (close == std::string::npos) {
        current = nullptr;  // malformed header: ignore what follows until the next one
        continue;
      }
      // "[profile  name]" -> "profile name"
      std::string name = trim(std::string_view(line).substr(1, close - 1));
      std::string normalized;
      bool space = false;
      for (char c : name) {
        if (std::isspace(static_cast<unsigned char>(c))) {
          space = true;
          continue;
        }
        if (space && !normalized.empty()) normalized.push_back(' ');
        space = false;
        normalized.push_back(c);
      }
      current = &file[normalized];
      parent.clear();
      continue;
    }
    if (current == nullptr) continue;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = text::ascii_lower(trim(std::string_view(line).substr(0, eq)));
    std::string val = trim(std::string_view(line).substr(eq + 1));
    if (indented) {
      if (!parent.empty()) (*current)[parent + "." + key] = val;
      continue;
    }
    // Inline comments are only recognised after whitespace (" #" / " ;").
    for (std::size_t i = 1; i < val.size(); ++i) {
      if ((val[i] == '#' || val[i] == ';') && std::isspace(static_cast<unsigned char>(val[i - 1]))) {
        val = trim(std::string_view(val).substr(0, i));
        break;
      }
    }
    (*current)[key] = val;
    parent = val.empty() ? key : std::string();
  }
  return file;
}

// -------------------------------------------------------------------------- URL

ParsedUrl parse_url(std::string_view url) {
  constexpr std::string_view kScheme = "dynamodb://";
  if (url.size() < kScheme.size() || text::ascii_lower(url.substr(0, kScheme.size())) != kScheme) {
    throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) +
                     "\" must be dynamodb:// or dynamodb://REGION (e.g. dynamodb://us-east-1)");
  }
  std::string_view rest = url.substr(kScheme.size());
  std::string_view query;
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  ParsedUrl out;
  if (!rest.empty()) {
    for (char c : rest) {
      if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
            c == '-')) {
        throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) + "\": \"" + std::string(rest) +
                         "\" is not a region name (expected dynamodb://REGION such as "
                         "dynamodb://eu-west-1; set the endpoint with ?endpoint=URL or "
                         "AWS_ENDPOINT_URL_DYNAMODB)");
      }
    }
    out.region = std::string(rest);
  }
  for (const text::QueryItem& item : text::query_items(query)) {
    std::string key = percent_decode(item.key, url);
    std::string val = percent_decode(item.value, url);
    if (val.empty()) {
      throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) + "\": parameter \"" + key +
                       "\" needs a value");
    }
    if (key == "endpoint") {
      split_endpoint(val, "the URL's endpoint parameter");  // validates
      out.endpoint = val;
    } else if (key == "profile") {
      out.profile = val;
    } else if (key == "allow_http") {
      if (val != "true" && val != "false")
        throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) + "\": allow_http is true or false");
      out.allow_http = val == "true";
    } else {
      throw InvalidUrl("DynamoDB URL \"" + driver_common::redact_url(url) + "\": unknown parameter \"" + key +
                       "\" (known: endpoint, profile, allow_http)");
    }
  }
  return out;
}

std::string default_endpoint(std::string_view region) {
  std::string host = "dynamodb." + std::string(region) + ".amazonaws.com";
  if (region.substr(0, 3) == "cn-") host += ".cn";
  return "https://" + host;
}

EndpointParts split_endpoint(std::string_view endpoint, std::string_view source) {
  auto bad = [&](const std::string& why) {
    return InvalidUrl("DynamoDB endpoint \"" + std::string(endpoint) + "\" (from " +
                      std::string(source) + ") " + why);
  };
  EndpointParts p;
  std::size_t sep = endpoint.find("://");
  if (sep == std::string_view::npos) throw bad("must start with http:// or https://");
  p.scheme = text::ascii_lower(endpoint.substr(0, sep));
  if (p.scheme != "http" && p.scheme != "https") throw bad("must start with http:// or https://");
  std::string_view rest = endpoint.substr(sep + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view path = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) throw bad("has no host");
  std::string host(authority);
  std::size_t colon = host.rfind(':');
  std::size_t bracket = host.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    std::string port = host.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
      throw bad("has a bad port");
    }
    if ((p.scheme == "http" && port == "80") || (p.scheme == "https" && port == "443")) {
      host.resize(colon);
    }
  }
  p.host = text::ascii_lower(host);
  std::size_t cut = path.find_first_of("?#");
  if (cut != std::string_view::npos) path = path.substr(0, cut);
  p.path = path.empty() ? "/" : std::string(path);
  return p;
}

// ---------------------------------------------------------------------- resolve

Resolved resolve(std::string_view url, const Environment& env) {
  ParsedUrl parsed = parse_url(url);
  Resolved r;
  r.allow_http = parsed.allow_http;

  std::string profile_source;
  if (parsed.profile) {
    r.profile = *parsed.profile;
    profile_source = "the URL";
  } else if (auto p = env.get("AWS_PROFILE")) {
    r.profile = *p;
    profile_source = "AWS_PROFILE";
  } else {
    r.profile = "default";
  }
  bool explicit_profile = !profile_source.empty();

  LoadedFile creds_file = load(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  LoadedFile config_file = load(env, "AWS_CONFIG_FILE", "config");
  const IniSection* creds_section = section(creds_file, r.profile);
  const IniSection* config_section =
      section(config_file, r.profile == "default" ? "default" : "profile " + r.profile);
  if (config_section == nullptr && r.profile == "default") {
    config_section = section(config_file, "profile default");
  }
  std::string config_where = "profile \"" + r.profile + "\" of " + config_file.describe();
  std::string creds_where = "profile \"" + r.profile + "\" of " + creds_file.describe();
  std::string config_section_name =
      config_file.path + (r.profile == "default" ? " [default]" : " [profile " + r.profile + "]");

  if (explicit_profile && creds_section == nullptr && config_section == nullptr &&
      !(env.get("AWS_ACCESS_KEY_ID") && env.get("AWS_SECRET_ACCESS_KEY") &&
        (parsed.region || env.get("AWS_REGION") || env.get("AWS_DEFAULT_REGION")))) {
    throw ConnectionError("DynamoDB: AWS profile \"" + r.profile + "\" (from " + profile_source +
                          ") was found in neither " + creds_file.describe() + " nor " +
                          config_file.describe());
  }

  // --- region
  if (parsed.region) {
    r.region = *parsed.region;
    r.region_source = "the URL";
  } else if (auto v = env.get("AWS_REGION")) {
    r.region = *v;
    r.region_source = "AWS_REGION";
  } else if (auto v2 = env.get("AWS_DEFAULT_REGION")) {
    r.region = *v2;
    r.region_source = "AWS_DEFAULT_REGION";
  } else if (auto v3 = value(config_section, "region")) {
    r.region = *v3;
    r.region_source = config_section_name;
  } else {
    throw ConnectionError(
        "DynamoDB: no AWS region. Looked at: the URL \"" + driver_common::redact_url(url) +
        "\" (names none; write dynamodb://REGION), the environment variables AWS_REGION and "
        "AWS_DEFAULT_REGION (unset), and `region` in " + config_where + " (absent)");
  }

  // --- credentials
  auto env_key = env.get("AWS_ACCESS_KEY_ID");
  auto env_secret = env.get("AWS_SECRET_ACCESS_KEY");
  if (env_key && env_secret) {
    r.credentials = {*env_key, *env_secret, env.get("AWS_SESSION_TOKEN").value_or("")};
    r.credentials_source = "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY";
  } else if (env_key || env_secret) {
    throw ConnectionError(std::string("DynamoDB: ") +
                          (env_key ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                                   : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not") +
                          "; set both (and AWS_SESSION_TOKEN for temporary credentials)");
  } else {
    auto from_section = [&](const IniSection* s, const std::string& name) -> bool {
      auto key = value(s, "aws_access_key_id");
      auto secret = value(s, "aws_secret_access_key");
      if (key && secret) {
        r.credentials = {*key, *secret, value(s, "aws_session_token").value_or("")};
        r.credentials_source = name;
        return true;
      }
      if (key || secret) {
        throw ConnectionError("DynamoDB: " + name + " has " +
                              (key ? "aws_access_key_id but no aws_secret_access_key"
                                   : "aws_secret_access_key but no aws_access_key_id"));
      }
      return false;
    };
    if (!from_section(creds_section, creds_file.path + " [" + r.profile + "]") &&
        !from_section(config_section, config_section_name)) {
      std::string unsupported;
      for (const char* k : {"credential_process", "sso_session", "sso_start_url", "role_arn",
                            "web_identity_token_file", "credential_source"}) {
        if (value(config_section, k) || value(creds_section, k)) {
          unsupported = std::string(" Profile \"") + r.profile + "\" uses `" + k +
                        "`, which this client does not support: export static credentials "
                        "instead (e.g. eval \"$(aws configure export-credentials --format env)\").";
          break;
        }
      }
      throw ConnectionError(
          "DynamoDB: no AWS credentials. Looked at: the environment variables AWS_ACCESS_KEY_ID "
          "and AWS_SECRET_ACCESS_KEY (unset), aws_access_key_id / aws_secret_access_key in " +
          creds_where + " and in " + config_where +
          " (absent). Instance metadata, SSO and credential_process are not supported." +
          unsupported);
    }
  }

  // --- endpoint
  bool ignore_configured = is_true(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
                           is_true(value(config_section, "ignore_configured_endpoint_urls"));
  std::optional<std::string> services_endpoint;
  if (auto services = value(config_section, "services")) {
    services_endpoint = value(section(config_file, "services " + *services), "dynamodb.endpoint_url");
  }
  if (parsed.endpoint) {
    r.endpoint = *parsed.endpoint;
    r.endpoint_source = "the URL's endpoint parameter";
  } else if (auto e1 = ignore_configured ? std::nullopt : env.get("AWS_ENDPOINT_URL_DYNAMODB")) {
    r.endpoint = *e1;
    r.endpoint_source = "AWS_ENDPOINT_URL_DYNAMODB";
  } else if (auto e2 = ignore_configured ? std::nullopt : env.get("AWS_ENDPOINT_URL")) {
    r.endpoint = *e2;
    r.endpoint_source = "AWS_ENDPOINT_URL";
  } else if (!ignore_configured && services_endpoint) {
    r.endpoint = *services_endpoint;
    r.endpoint_source = config_file.path + " [services " + *value(config_section, "services") + "]";
  } else if (auto e3 = ignore_configured ? std::nullopt : value(config_section, "endpoint_url")) {
    r.endpoint = *e3;
    r.endpoint_source = config_section_name;
  } else {
    r.endpoint = default_endpoint(r.region);
    r.endpoint_source = "the region's default";
  }
  split_endpoint(r.endpoint, r.endpoint_source);  // validates
  return r;
}

Config Config::from_url(std::string_view url) { return from_url(url, Environment::process()); }

Config Config::from_url(std::string_view url, const Environment& env) {
  Resolved r = resolve(url, env);
  Config c;
  c.region = std::move(r.region);
  c.endpoint = std::move(r.endpoint);
  c.credentials = std::move(r.credentials);
  c.allow_plain_http = r.allow_http;
  return c;
}

}  // namespace toasty::dynamodb
