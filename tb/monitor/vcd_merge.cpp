#include "sriov/tb/vcd_merge.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace sriov::tb {

namespace {

struct vcd_file {
    std::string header;                   // everything before the top-level scopes
    std::string timescale;                // normalized, e.g. "1ps"
    std::vector<std::string> scope_lines; // $scope ... $upscope, one declaration per line
    std::map<uint64_t, std::vector<std::string>> changes; // time -> value-change lines
};

std::string strip(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Splits the declaration part into tokens ($keyword ... $end groups stay intact
// enough for our purposes: we re-emit declarations token by token).
std::vector<std::string> tokens_of(const std::string& text) {
    std::vector<std::string> t;
    std::istringstream in(text);
    std::string w;
    while (in >> w) {
        t.push_back(w);
    }
    return t;
}

// The identifier code of a value-change line ("1!", "b0101 !", "r1.5 !").
std::string id_of(const std::string& line, std::string* value) {
    if (line.empty()) {
        return {};
    }
    const char c = line[0];
    if (c == 'b' || c == 'B' || c == 'r' || c == 'R') {
        const auto sp = line.find(' ');
        if (sp == std::string::npos) {
            return {};
        }
        *value = line.substr(0, sp);
        return strip(line.substr(sp + 1));
    }
    *value = line.substr(0, 1);
    return strip(line.substr(1));
}

std::string read(const std::string& path, vcd_file& f) {
    std::ifstream in(path);
    if (!in) {
        return "cannot read " + path;
    }
    std::stringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    const auto end_defs = text.find("$enddefinitions");
    if (end_defs == std::string::npos) {
        return path + ": no $enddefinitions";
    }
    const auto body_start = text.find("$end", end_defs + 15);
    if (body_start == std::string::npos) {
        return path + ": unterminated $enddefinitions";
    }
    // Declarations: keep $date/$version/$timescale aside, scopes and vars in order.
    const std::vector<std::string> tok = tokens_of(text.substr(0, end_defs));
    for (size_t i = 0; i < tok.size(); ++i) {
        if (tok[i] == "$timescale") {
            std::string ts;
            for (++i; i < tok.size() && tok[i] != "$end"; ++i) {
                ts += tok[i];
            }
            f.timescale = ts;
        } else if (tok[i] == "$scope" || tok[i] == "$var" || tok[i] == "$upscope") {
            std::string decl;
            for (; i < tok.size() && tok[i] != "$end"; ++i) {
                decl += tok[i] + " ";
            }
            f.scope_lines.push_back(decl + "$end");
        } else if (tok[i] == "$date" || tok[i] == "$version" || tok[i] == "$comment") {
            for (; i < tok.size() && tok[i] != "$end"; ++i) {
            }
        }
    }
    if (f.timescale.empty()) {
        return path + ": no $timescale";
    }
    // Body: "#t" starts a time; lines before the first one are at time 0;
    // $dumpvars/$dumpon/$end wrappers and comments are dropped.
    std::istringstream body(text.substr(body_start + 4));
    std::string line;
    uint64_t now = 0;
    bool in_comment = false;
    while (std::getline(body, line)) {
        line = strip(line);
        if (line.empty()) {
            continue;
        }
        if (in_comment) {
            in_comment = line.find("$end") == std::string::npos;
            continue;
        }
        if (line.rfind("$comment", 0) == 0) {
            in_comment = line.find("$end") == std::string::npos;
            continue;
        }
        if (line[0] == '$') {
            continue; // $dumpvars, $dumpall, $dumpon, $dumpoff, $end
        }
        if (line[0] == '#') {
            now = std::stoull(line.substr(1));
            f.changes[now];
            continue;
        }
        f.changes[now].push_back(line);
    }
    return {};
}

// A fresh identifier code (printable ASCII 33..126) not in `used`.
std::string fresh_id(std::set<std::string>& used, uint64_t& counter) {
    for (;;) {
        std::string id;
        uint64_t n = counter++;
        do {
            id += static_cast<char>(33 + n % 94);
            n /= 94;
        } while (n != 0);
        id = "~" + id; // the prefix keeps renamed codes apart from short native ones
        if (used.insert(id).second) {
            return id;
        }
    }
}

// Identifier codes of `b` that collide with `a`'s get fresh ones; `b`'s
// declarations are rewritten in place. Returns old code -> new code.
std::map<std::string, std::string> rename_collisions(const vcd_file& a, vcd_file& b) {
    std::set<std::string> used;
    for (const auto& d : a.scope_lines) {
        const auto t = tokens_of(d);
        if (t.size() >= 4 && t[0] == "$var") {
            used.insert(t[3]);
        }
    }
    std::map<std::string, std::string> rename;
    uint64_t counter = 0;
    for (auto& d : b.scope_lines) {
        auto t = tokens_of(d);
        if (t.size() < 4 || t[0] != "$var") {
            continue;
        }
        auto it = rename.find(t[3]);
        if (it == rename.end()) {
            const std::string id = used.count(t[3]) != 0 ? fresh_id(used, counter) : t[3];
            used.insert(id);
            it = rename.emplace(t[3], id).first;
        }
        t[3] = it->second;
        std::string r;
        for (const auto& w : t) {
            r += w + " ";
        }
        d = r.substr(0, r.size() - 1);
    }
    return rename;
}

void write_header(std::ostream& o, const vcd_file& a, const vcd_file& b, const std::string& first,
                  const std::string& second) {
    o << "$comment merged by sriov-sim: " << first << " + " << second << " $end\n";
    o << "$timescale " << a.timescale << " $end\n";
    for (const auto& d : a.scope_lines) {
        o << d << "\n";
    }
    for (const auto& d : b.scope_lines) {
        o << d << "\n";
    }
    o << "$enddefinitions $end\n";
}

// `b`'s value change with its identifier code renamed.
void write_renamed(std::ostream& o, const std::string& l,
                   const std::map<std::string, std::string>& rename) {
    std::string value;
    const std::string id = id_of(l, &value);
    auto r = rename.find(id);
    if (r == rename.end()) {
        o << l << "\n"; // not a value change of a declared variable: keep as is
    } else if (value.size() == 1) {
        o << value << r->second << "\n";
    } else {
        o << value << " " << r->second << "\n";
    }
}

// Both files' changes interleaved by time, `a`'s first at equal times.
void write_changes(std::ostream& o, const vcd_file& a, const vcd_file& b,
                   const std::map<std::string, std::string>& rename) {
    std::set<uint64_t> times;
    for (const auto& [t, _] : a.changes) {
        times.insert(t);
    }
    for (const auto& [t, _] : b.changes) {
        times.insert(t);
    }
    bool first_time = true;
    for (uint64_t t : times) {
        o << "#" << t << "\n";
        if (first_time) {
            o << "$dumpvars\n";
        }
        if (auto it = a.changes.find(t); it != a.changes.end()) {
            for (const auto& l : it->second) {
                o << l << "\n";
            }
        }
        if (auto it = b.changes.find(t); it != b.changes.end()) {
            for (const auto& l : it->second) {
                write_renamed(o, l, rename);
            }
        }
        if (first_time) {
            o << "$end\n";
            first_time = false;
        }
    }
}

// Writes through a temporary file so `out` may be one of the inputs.
std::string replace_file(const std::string& out, const std::string& text) {
    const std::string tmp = out + ".merge.tmp";
    {
        std::ofstream f(tmp);
        f << text;
        if (!f) {
            return "cannot write " + tmp;
        }
    }
    if (std::rename(tmp.c_str(), out.c_str()) != 0) {
        std::remove(tmp.c_str());
        return "cannot replace " + out;
    }
    return {};
}

} // namespace

std::string merge_vcd(const std::string& first, const std::string& second, const std::string& out) {
    vcd_file a, b;
    if (std::string e = read(first, a); !e.empty()) {
        return e;
    }
    if (std::string e = read(second, b); !e.empty()) {
        return e;
    }
    if (a.timescale != b.timescale) {
        return "different timescales: " + a.timescale + " in " + first + ", " + b.timescale +
               " in " + second;
    }
    const auto rename = rename_collisions(a, b);
    std::ostringstream o;
    write_header(o, a, b, first, second);
    write_changes(o, a, b, rename);
    return replace_file(out, o.str());
}

} // namespace sriov::tb
