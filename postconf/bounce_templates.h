// bounce_templates.h: the four bounce message templates (failure, delay,
// success, verify) that `postconf -t` prints and `postconf -b` expands, with
// Postfix 3.7's built-in texts and its bounce_template_file(5) reader.
//
// Contract:
//  - BounceTemplates::builtin() holds the built-in texts, byte for byte as
//    Postfix 3.7.11 prints them.
//  - load() reads a template file (`NAME_template = <<MARKER ... MARKER`, or
//    `NAME_template = one line`), replacing the named templates. Problems are
//    reported as the bounce daemon reports them: warnings through `diag`,
//    fatal ones as FatalError (the caller prints them under the bounce
//    daemon's name). Line numbers are Postfix's, which count one more than
//    the physical line.
//  - A replaced template is checked when it is first used (dump/expand): a
//    bad one is warned about and the built-in one is used instead.
//  - dump() is `postconf -t`'s output; expand() is `postconf -b`'s, with
//    $name values from `lookup` (see bounce_expand.h); an undefined name or
//    bad syntax throws FatalError with Postfix's text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bounce_expand.h"
#include "diag.h"

namespace postkit::postconf {

struct BounceTemplate {
  std::string kind;    // "failure", "delay", "success", "verify"
  std::string origin;  // "[built-in]" or the file it came from
  std::string charset;
  std::string from;
  std::string subject;
  std::optional<std::string> postmaster_subject;  // only failure and delay have one
  std::vector<std::string> text;                  // message text lines
  // Set by load(): the unparsed replacement, checked on first use.
  std::optional<std::string> pending;
};

class BounceTemplates {
 public:
  static BounceTemplates builtin();

  void load(const std::string& path, Diagnostics& diag);
  std::string dump(Diagnostics& diag);
  std::string expand(const TemplateLookup& lookup, Diagnostics& diag);

  // The template being expanded, for the lookup's diagnostics.
  const BounceTemplate* current() const { return current_; }

 private:
  BounceTemplate& resolve(BounceTemplate& t, Diagnostics& diag);

  std::vector<BounceTemplate> templates_;  // failure, delay, success, verify
  std::vector<BounceTemplate> defaults_;
  const BounceTemplate* current_ = nullptr;
};

// The parameters the Postfix 3.7 bounce daemon itself knows (and so can
// expand in a template even when main.cf does not set them). Sorted.
bool bounce_daemon_knows(std::string_view name);

}  // namespace postkit::postconf
