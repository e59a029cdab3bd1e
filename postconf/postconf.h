// postconf.h: the postconf command's parsed command line and the entry points
// of its concerns, one file each (as Postfix splits postconf_*.c):
//   main.cc          flag parsing (getopt, as Postfix) and dispatch
//   main_cf_cmd.cc   show/edit main.cf parameters (-d -n -x -h -H -e -X -# ...)
//   master_cf_cmd.cc show/edit master.cf (-M -F -P and their -e -X -#)
//   builtin_info.cc  -a -A -l -m -T -b -t
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diag.h"

namespace postkit::postconf {

struct Options {
  std::string config_dir;                                      // -c
  std::vector<std::string> param_classes;                      // -C (comma/space separated)
  std::vector<std::pair<std::string, std::string>> overrides;  // -o name=value
  std::vector<std::string> raw_overrides;  // -o arguments as typed (checked later, as Postfix)
  // Display/edit mode letters as given (a A b d e f F h H l m M n p P t T x X #).
  bool sasl_server = false;     // -a
  bool sasl_client = false;     // -A
  bool bounce = false;          // -b
  bool defaults = false;        // -d
  bool edit = false;            // -e
  bool fold = false;            // -f
  bool fields = false;          // -F
  bool hide_name = false;       // -h
  bool hide_value = false;      // -H
  bool locks = false;           // -l
  bool map_types = false;       // -m
  bool master = false;          // -M
  bool non_default = false;     // -n
  bool main_params = false;     // -p
  bool service_params = false;  // -P
  bool templates = false;       // -t
  std::string tls_mode;         // -T mode
  bool expand = false;          // -x
  bool remove = false;          // -X
  bool comment_out = false;     // -#
  int verbose = 0;              // -v (repeatable)
  std::vector<std::string> operands;
};

int run_main_cf(const Options& opts, Diagnostics& diag);
int run_master_cf(const Options& opts, Diagnostics& diag);
int run_builtin_info(const Options& opts, Diagnostics& diag);

}  // namespace postkit::postconf
