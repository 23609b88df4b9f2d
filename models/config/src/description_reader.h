// Typed access to the nodes of one TOML device description
// (docs/device-description.md). Every refusal is a profile_error
// "FILE:LINE:COL: key.path = value: reason" naming the node; the reader also
// remembers where each key it read was, so that validate()'s messages can be
// placed on the key that set the field.
#pragma once

#include "sriov/config/device_profile.h"

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sriov::config::description {

// A table of the description and its key path ("pf.sriov"; "" for the root).
struct table_ref {
    const toml::table& table;
    std::string path;

    // The key path of `key` in this table.
    std::string key_path(std::string_view key) const;
};

class reader {
public:
    explicit reader(std::string source_name) : source_(std::move(source_name)) {}

    const std::string& source() const { return source_; }

    // The description lists its PFs as an array of tables ([[pf]]).
    bool pf_array() const { return pf_array_; }
    void set_pf_array(bool array) { pf_array_ = array; }

    // "FILE:LINE:COL: " of a node or key.
    std::string where(const toml::source_region& at) const;

    // Refuses `node` (at `path`): "FILE:LINE:COL: path = value: reason".
    [[noreturn]] void fail(const toml::node& node, const std::string& path,
                           const std::string& reason) const;

    // Refuses every key of `t` not in `known`, suggesting the closest known one.
    void only_keys(const table_ref& t, std::initializer_list<std::string_view> known) const;

    // The node of `key`, or nullptr; an absent key with `required` is an error.
    const toml::node* find(const table_ref& t, std::string_view key, bool required = false);
    // The sub-table `key` (nullptr when absent and not required).
    std::optional<table_ref> table(const table_ref& t, std::string_view key, bool required = false);

    // Integers in min..max; absent keys leave `out` alone.
    template <typename T>
    void integer(const table_ref& t, std::string_view key, T& out, uint64_t min = 0,
                 uint64_t max = std::numeric_limits<T>::max(), bool required = false) {
        if (const toml::node* n = find(t, key, required)) {
            out = static_cast<T>(integer_in(*n, t.key_path(key), min, max));
        }
    }
    void boolean(const table_ref& t, std::string_view key, bool& out);
    // A string (nullopt when absent).
    std::optional<std::string> string(const table_ref& t, std::string_view key,
                                      bool required = false);
    // A time with a unit ("100ms"), in whole nanoseconds.
    void time_ns(const table_ref& t, std::string_view key, uint64_t& out);
    // A routing ID: "bb:dd.f" or an integer.
    void routing_id(const table_ref& t, std::string_view key, uint16_t& out);
    // A size in bytes: an integer or a string with a binary unit ("512K").
    std::optional<uint64_t> size(const table_ref& t, std::string_view key, bool required = false);
    // A 64-bit value: an integer, or a string up to 2^64 - 1 ("0xFFFF_FFFF_FFFF_FFFF").
    void wide_integer(const table_ref& t, std::string_view key, uint64_t& out);
    // An array of integers 0..255.
    void bytes(const table_ref& t, std::string_view key, std::vector<uint8_t>& out);
    // The array of tables `key` ([[key]]), nullopt when absent; element i is
    // at key path "path.key[i]".
    std::optional<std::vector<table_ref>> array_of_tables(const table_ref& t, std::string_view key);
    // One of `choices` (a string); its index.
    std::optional<size_t> choice(const table_ref& t, std::string_view key,
                                 std::initializer_list<std::string_view> choices,
                                 bool required = false);

    uint64_t integer_in(const toml::node& n, const std::string& path, uint64_t min,
                        uint64_t max) const;

    // `path` is also known as `name` (a field validate() names that has no
    // fixed key path, e.g. the MSI-X table size of a capability list entry).
    void alias(const std::string& name, const std::string& path) { aliases_[name] = path; }
    // The key path `name` stands for (itself unless aliased).
    std::string key_path_of(const std::string& name) const;
    // The node that set key path (or alias) `name`, or nullptr (the field kept its default).
    const toml::node* node_at(const std::string& name) const;

private:
    // An integer in 0..max, or a string `lex` reads (a models/text lexer); its
    // lex_error is placed on the node. nullopt when absent.
    template <typename Lex>
    std::optional<uint64_t> integer_or_text(const table_ref& t, std::string_view key, bool required,
                                            uint64_t max, const char* expected, Lex lex);

    std::string source_;
    std::map<std::string, const toml::node*> read_; // key path -> node, for validate()
    std::map<std::string, std::string> aliases_;
    bool pf_array_ = false;
};

// The value as the description wrote it (TOML syntax, shortened).
std::string value_text(const toml::node& n);

} // namespace sriov::config::description
