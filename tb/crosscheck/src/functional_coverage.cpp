#include "sriov/crosscheck/functional_coverage.h"

#include "sriov/config/register_file.h"
#include "sriov/text/input_file.h"
#include "sriov/text/lex_error.h"
#include "sriov/text/unsigned_number.h"

#include <fstream>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace sriov::crosscheck {

namespace {

std::string bin(function_kind k, const std::string& reg, const char* attr, bool write,
                completion_status s) {
    std::string b = to_string(k);
    b += '/';
    b += reg;
    b += '/';
    b += attr;
    b += write ? "/wr/" : "/rd/";
    b += sriov::to_string(s);
    return b;
}

} // namespace

const char* to_string(function_kind k) {
    switch (k) {
    case function_kind::pf:
        return "pf";
    case function_kind::vf:
        return "vf";
    case function_kind::absent:
        return "absent";
    case function_kind::type1:
        return "type1";
    }
    return "?";
}

functional_coverage::functional_coverage(const config::sriov_device& device) : device_(device) {
    for (const auto kind : {function_kind::pf, function_kind::vf}) {
        const config::register_layout& l =
            kind == function_kind::pf ? device.pf_layout() : device.vf_layout();
        for (const auto& r : l.registers()) {
            for (const bool wr : {false, true}) {
                for (const auto s :
                     {completion_status::successful, completion_status::config_request_retry}) {
                    goals_.push_back(bin(kind, r.name, config::to_string(r.attr), wr, s));
                }
            }
        }
        for (const bool wr : {false, true}) {
            goals_.push_back(
                bin(kind, "(unimplemented)", "rsvdz", wr, completion_status::successful));
        }
    }
    for (const bool wr : {false, true}) {
        goals_.push_back(
            bin(function_kind::absent, "(any)", "-", wr, completion_status::unsupported_request));
        goals_.push_back(
            bin(function_kind::type1, "(any)", "-", wr, completion_status::unsupported_request));
    }
    for (const auto kind : {function_kind::pf, function_kind::vf}) {
        const config::register_layout& l =
            kind == function_kind::pf ? device.pf_layout() : device.vf_layout();
        if (kind == function_kind::vf) {
            vf_base_ = slots_.size();
        }
        for (const auto& r : l.registers()) {
            slots_.push_back({kind, r.name, config::to_string(r.attr)});
        }
        slots_.push_back({kind, "(unimplemented)", "rsvdz"});
    }
    absent_slot_ = slots_.size();
    slots_.push_back({function_kind::absent, "(any)", "-"});
    slots_.push_back({function_kind::type1, "(any)", "-"});
    counts_.assign(counter(slots_.size(), false, completion_status::successful), 0);
}

void functional_coverage::flush() const {
    for (size_t i = 0; i < counts_.size(); ++i) {
        if (counts_[i] == 0) {
            continue;
        }
        const slot& s = slots_[i / (2 * statuses)];
        const bool wr = (i / statuses) % 2 != 0;
        const auto status = static_cast<completion_status>(i % statuses);
        hits_[bin(s.kind, s.reg, s.attr, wr, status)] += counts_[i];
        counts_[i] = 0;
    }
}

const std::map<std::string, uint64_t>& functional_coverage::hits() const {
    flush();
    return hits_;
}

void functional_coverage::sample(const tlp& request, completion_status status, function_kind kind) {
    ++samples_;
    const bool wr = is_write(request.type);
    if (kind == function_kind::absent || kind == function_kind::type1) {
        ++counts_[counter(absent_slot_ + (kind == function_kind::type1 ? 1 : 0), wr, status)];
        return;
    }
    const bool pf = kind == function_kind::pf;
    const config::register_layout& l = pf ? device_.pf_layout() : device_.vf_layout();
    const size_t base = pf ? 0 : vf_base_;
    const size_t unimplemented = base + l.registers().size();
    const auto [first, end] = l.in_dw(request.dw_index);
    const config::register_def* last = nullptr;
    for (unsigned i = 0; i < 4; ++i) {
        if ((request.first_be & (1u << i)) == 0) {
            continue;
        }
        const auto off = static_cast<uint16_t>(request.reg_offset() + i);
        const config::register_def* r = nullptr;
        for (const config::register_def* p = first; p != end; ++p) {
            if (off >= p->offset && off < p->offset + p->width) {
                r = p;
                break;
            }
        }
        if (r == last && r != nullptr) {
            continue; // one hit per register per request
        }
        last = r;
        const size_t s =
            r == nullptr ? unimplemented : base + static_cast<size_t>(r - l.registers().data());
        ++counts_[counter(s, wr, status)];
    }
}

size_t functional_coverage::goals_hit() const {
    flush();
    size_t n = 0;
    for (const auto& g : goals_) {
        if (hits_.count(g) != 0) {
            ++n;
        }
    }
    return n;
}

bool functional_coverage::save(const std::string& path) const {
    flush();
    std::ofstream out(path);
    out << "# sriov-xcheck functional coverage: count bin\n";
    out << samples_ << " (samples)\n";
    if (block_goals_) {
        out << "1 (block goals)\n";
    }
    for (const auto& [b, n] : hits_) {
        out << n << ' ' << b << '\n';
    }
    return static_cast<bool>(out);
}

std::string functional_coverage::merge_file(const std::string& path) {
    std::string text;
    try {
        text = text::read_input_file(path);
    } catch (const text::input_file_error& e) {
        return e.what();
    }
    flush();
    // Parsed completely before anything is added: a bad file merges nothing.
    uint64_t samples = 0;
    uint64_t block_goals = 0;
    std::map<std::string, uint64_t> hits;
    std::istringstream in(text);
    std::string line;
    for (unsigned line_no = 1; std::getline(in, line); ++line_no) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const std::string where = path + ":" + std::to_string(line_no) + ": ";
        const auto sp = line.find(' ');
        if (sp == std::string::npos) {
            return where + "expected 'COUNT BIN', got '" + line + "'";
        }
        uint64_t n = 0;
        try {
            n = text::parse_unsigned(line.substr(0, sp));
        } catch (const text::lex_error& e) {
            return where + e.what();
        }
        const std::string b = line.substr(sp + 1);
        uint64_t& total = b == "(samples)" ? samples : b == "(block goals)" ? block_goals : hits[b];
        total += n;
    }
    for (const auto& [b, n] : hits) {
        if (hits_[b] > std::numeric_limits<uint64_t>::max() - n) {
            return path + ": the count of " + b + " would pass 2^64";
        }
    }
    if (samples_ > std::numeric_limits<uint64_t>::max() - samples) {
        return path + ": the sample count would pass 2^64";
    }
    samples_ += samples;
    for (const auto& [b, n] : hits) {
        hits_[b] += n;
    }
    if (block_goals != 0) {
        expect_block_goals();
    }
    return {};
}

void functional_coverage::print_summary(std::ostream& out, size_t max_missing) const {
    flush();
    // Per function kind x operation x status: goal bins hit / goal bins.
    std::map<std::string, std::pair<size_t, size_t>> groups;
    std::vector<std::string> missing;
    for (const auto& g : goals_) {
        // group = kind/op/status (fields 0, 3, 4)
        std::vector<std::string> f;
        std::stringstream ss(g);
        for (std::string part; std::getline(ss, part, '/');) {
            f.push_back(part);
        }
        const std::string key = f.size() >= 2 && f[0] == "block" ? "block " + f[1]
                                : f.size() >= 5                  ? f[0] + " " + f[3] + " " + f[4]
                                                                 : g;
        auto& [hit, total] = groups[key];
        ++total;
        if (hits_.count(g) != 0) {
            ++hit;
        } else {
            missing.push_back(g);
        }
    }
    const size_t hit = goals_.size() - missing.size();
    out << "functional coverage: " << samples_ << " requests sampled, " << hit << " of "
        << goals_.size() << " goal bins hit ("
        << (goals_.empty() ? 0.0 : 100.0 * static_cast<double>(hit) / goals_.size()) << "%), "
        << hits_.size() << " distinct bins seen\n";
    for (const auto& [key, ht] : groups) {
        out << "  " << key << ": " << ht.first << "/" << ht.second << "\n";
    }
    if (!missing.empty()) {
        out << "  goal bins never hit";
        if (missing.size() > max_missing) {
            out << " (first " << max_missing << " of " << missing.size() << ")";
        }
        out << ":\n";
        for (size_t i = 0; i < missing.size() && i < max_missing; ++i) {
            out << "    " << missing[i] << "\n";
        }
    }
}

} // namespace sriov::crosscheck
