// bounce_show.cc: `postconf -t` / `postconf -b` (see bounce_show.h): the
// bounce daemon's view of the configuration for template expansion.
#include "bounce_show.h"

#include <idn2.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "bounce_log.h"
#include "bounce_templates.h"
#include "param_checks.h"

namespace postkit::postconf {
namespace {

// The two time parameters a template may use with a _seconds ... _weeks
// suffix, with the unit their value has when it carries none (their
// defaults are "0h" and "5d").
struct TimeParam {
  std::string_view name;
  char default_unit;
};
constexpr std::array<TimeParam, 2> kTimeParams = {
    {{"delay_warning_time", 'h'}, {"maximal_queue_lifetime", 'd'}}};

struct Divisor {
  std::string_view suffix;
  long seconds;
};
constexpr std::array<Divisor, 5> kDivisors = {
    {{"seconds", 1}, {"minutes", 60}, {"hours", 3600}, {"days", 86400}, {"weeks", 604800}}};

// A time parameter's value in seconds; FatalError as the bounce daemon
// reports a bad one (its checks normally catch it first).
long time_seconds(const Config& config, const TimeParam& p) {
  std::string value = config.get(p.name);
  auto seconds = parse_time_seconds(value, p.default_unit);
  if (!seconds)
    throw FatalError("parameter " + std::string(p.name) + ": bad time value or unit: " + value);
  return *seconds;
}

class BounceLookup {
 public:
  BounceLookup(const Config& config, BounceTemplates& templates, Diagnostics& diag,
               std::optional<std::string> template_file)
      : config_(config),
        templates_(templates),
        diag_(diag),
        template_file_(std::move(template_file)),
        utf8_(config.get_bool("smtputf8_enable")) {
    for (size_t i = 0; i < kTimeParams.size(); ++i)
      seconds_[i] = time_seconds(config, kTimeParams[i]);
  }

  // A value as a template shows it: Postfix replaces what is not printable
  // (control characters; bytes that are not UTF-8 when SMTPUTF8 is off) by _.
  std::optional<std::string> operator()(const std::string& name) {
    std::optional<std::string> value = raw_value(name);
    if (value) make_printable(&*value, utf8_, '_');
    return value;
  }

 private:
  std::optional<std::string> raw_value(const std::string& name) {
    for (size_t i = 0; i < kTimeParams.size(); ++i) {
      const auto& p = kTimeParams[i];
      if (name.size() > p.name.size() && name.compare(0, p.name.size(), p.name) == 0 &&
          name[p.name.size()] == '_')
        return scaled(name, name.substr(p.name.size() + 1), seconds_[i]);
    }
    if ((name == "myhostname" || name == "mydomain") && config_.get_bool("smtputf8_enable"))
      return to_utf8(name, config_.get(name));
    if (name == "process_name") return "bounce";
    if (name == "service_name") return "expand_templates";
    if (name == "queue_directory") return ".";  // postconf runs the daemon with this override
    if (name == "process_id") return std::to_string(getpid());
    // postconf passes a template file operand to the daemon as -o bounce_template_file=FILE.
    if (name == "bounce_template_file" && template_file_) return *template_file_;
    bool in_main_cf = config_.main_cf().value(name).has_value();
    if (!in_main_cf && !bounce_daemon_knows(name)) return std::nullopt;
    std::string value = config_.expanded(name).value_or("");
    // The computed default of mynetworks ends in a space in Postfix.
    if (name == "mynetworks" && !in_main_cf && !value.empty()) value += ' ';
    return value;
  }

  std::string scaled(const std::string& name, const std::string& suffix, long seconds) {
    const BounceTemplate* t = templates_.current();
    std::string origin = t ? t->origin : "[built-in]";
    std::string kind = t ? t->kind : "";
    for (const auto& d : kDivisors) {
      if (suffix != d.suffix) continue;
      // Postfix keeps these values in an int.
      long result = static_cast<int>(seconds) / d.seconds;
      if (result > 999 && d.seconds < 86400) {
        diag_.warning(origin + ": excessive result \"" + std::to_string(result) + "\" in " + kind +
                      " template conversion of parameter \"" + name + "\"");
        diag_.warning("please increase time unit \"" + suffix + "\" of \"" + name + "\" in " +
                      kind + " template");
        diag_.warning("for instructions see the bounce(5) manual");
      } else if (result == 0 && seconds != 0 && d.seconds > 1) {
        diag_.warning(origin + ": zero result in " + kind + " template conversion of parameter \"" +
                      name + "\"");
        diag_.warning("please reduce time unit \"" + suffix + "\" of \"" + name + "\" in " + kind +
                      " template");
        diag_.warning("for instructions see the bounce(5) manual");
      }
      return std::to_string(result);
    }
    throw FatalError(origin + ": unrecognized suffix \"" + suffix + "\" in parameter \"" + name +
                     "\"");
  }

  // With SMTPUTF8, host names are shown in UTF-8 (IDNA "xn--" labels decoded).
  std::string to_utf8(const std::string& name, const std::string& value) {
    const BounceTemplate* t = templates_.current();
    std::string origin = t ? t->origin : "[built-in]";
    for (unsigned char c : value) {
      if (c >= 0x80) {
        diag_.warning(origin + ": conversion \"" + name + "\" failed: non-ASCII input value: \"" +
                      value + "\"");
        return value;
      }
    }
    char* out = nullptr;
    if (idn2_to_unicode_8z8z(value.c_str(), &out, 0) != IDN2_OK || out == nullptr) {
      diag_.warning(origin + ": conversion \"" + name + "\" failed: input value: \"" + value +
                    "\"");
      return value;
    }
    std::string result(out);
    idn2_free(out);
    return result;
  }

  const Config& config_;
  BounceTemplates& templates_;
  Diagnostics& diag_;
  std::optional<std::string> template_file_;
  bool utf8_;
  std::array<long, kTimeParams.size()> seconds_{};
};

}  // namespace

int show_bounce_templates(const Config& postconf_config, const ConfigOptions& options,
                          const std::optional<std::string>& file, BounceShow mode) {
  std::string syslog_name = postconf_config.get("syslog_name");
  if (syslog_name.empty()) syslog_name = "postfix";
  // Postfix logs non-printable bytes as '?' (UTF-8 is kept with SMTPUTF8).
  PrintableLog log_buf(std::cerr, postconf_config.get_bool("smtputf8_enable"));
  std::ostream log(&log_buf);
  Diagnostics diag(syslog_name + "/bounce", log);
  std::string output;
  try {
    // The daemon reads main.cf itself: its expansion warnings carry its name.
    Config config = Config::load(options, diag);
    check_parameters(config, CheckedBy::kBounce);
    BounceTemplates templates = BounceTemplates::builtin();
    BounceLookup lookup(config, templates, diag, file);
    std::string path = file ? *file : config.get("bounce_template_file");
    if (!path.empty()) templates.load(path, diag);
    if (mode == BounceShow::kDump)
      output = templates.dump(diag);
    else
      output = templates.expand([&](const std::string& name) { return lookup(name); }, diag);
  } catch (const FatalError& e) {
    // The daemon exits without flushing what it had written so far.
    diag.print_fatal(e.what());
    return e.exit_status();
  }
  std::cout << output << std::flush;
  return 0;
}

}  // namespace postkit::postconf
