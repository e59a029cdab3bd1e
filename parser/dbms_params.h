// dbms_params.h: the parameter names each database table type reads from its
// client configuration (ldap_table(5), mysql_table(5), pgsql_table(5),
// sqlite_table(5), memcache_table(5)).
//
// With `ldap:NAME` (NAME not a path) the settings are main.cf parameters
// NAME_SUFFIX; with `ldap:/path` they are `SUFFIX = value` lines of that file.
// Postfix's unused-parameter analysis (unused_params.h), the SQL/LDAP map
// types and postlint all take the names from here.
#pragma once

#include <string_view>
#include <vector>

namespace postkit {

// The suffixes `type` accepts (in the order postconf checks them), or
// nullptr when type is not a database type with a client configuration.
const std::vector<std::string_view>* dbms_parameter_suffixes(std::string_view type);

// The database types with a client configuration, in a fixed order.
const std::vector<std::string_view>& dbms_types();

}  // namespace postkit
