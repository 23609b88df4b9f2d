// Runs LLVMFuzzerTestOneInput without libFuzzer, so every build (gcc included)
// exercises the decoder invariants:
//   fuzz_tlp_decode_replay [--random N] [--seed S] [FILE|DIR ...]
//       built-in seeds, then FILE/DIR inputs, then N pseudo-random inputs from
//       a fixed seed (random bytes, mutated seeds, random field values);
//       fails unless every decode error the bytes can produce was reached,
//       for the config TLP decoder and for the memory TLP decoder.
//   fuzz_tlp_decode_replay --write-corpus DIR
//       writes the seeds to DIR/seeds and empties DIR/work (libFuzzer's
//       output corpus) for the libFuzzer CTest.
#include "sriov/tlp/mem_split.h"
#include "sriov/tlp/tlp.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace {

using bytes = std::vector<uint8_t>;
namespace fs = std::filesystem;

std::vector<sriov::tlp> seed_tlps() {
    using namespace sriov;
    const routing_id rc = routing_id::from_bdf(0, 0, 0);
    const routing_id pf = routing_id::from_bdf(2, 0, 0);
    const routing_id vf(0x0283); // ARI function 0x83
    std::vector<tlp> v = {
        make_cfg_read(rc, 1, pf, 0, 0xF),
        make_cfg_write(rc, 5, pf, 1, 0x3, 0x00000006),
        make_cfg_read(rc, 0x3A5, vf, 0x3FF, 0x8, true),
        make_cfg_write(rc, 0x100, vf, 0x52, 0x1, 0x01, true),
    };
    const std::size_t requests = v.size();
    for (std::size_t i = 0; i < requests; ++i) {
        v.push_back(make_completion(v[i], completion_status::successful, 0x12345678));
        v.push_back(make_completion(v[i], completion_status::unsupported_request));
    }
    tlp crs = make_completion(v[0], completion_status::config_request_retry);
    crs.tc = 3;
    crs.no_snoop = true;
    crs.ep = true;
    v.push_back(crs);
    v.push_back(make_completion(v[0], completion_status::completer_abort));
    return v;
}

bytes to_bytes(const sriov::tlp& t) {
    return sriov::encode(t).to_vector();
}

// Memory TLPs of every kind: 3 and 4 DW requests, partial DWs, completions.
std::vector<bytes> seed_mem_tlps() {
    using namespace sriov;
    const routing_id rc = routing_id::from_bdf(0, 0, 0);
    const routing_id vf(0x0283);
    const mem_tlp rd32 = make_mem_read(rc, 4, 0xFEB00010, 4);
    const mem_tlp rd64 = make_mem_read(vf, 0x3A5, 0x8000000004ull, 10);
    std::vector<mem_tlp> v = {
        rd32,
        rd64,
        make_mem_read(rc, 6, 0x2000, 0),
        make_mem_write(rc, 0, 0xFEB00002, {0xAA, 0xBB}),
        make_mem_write(vf, 0, 0x100000FF8ull, {1, 2, 3, 4, 5, 6, 7, 8}),
        make_read_error_completion(rd32, vf, completion_status::unsupported_request),
    };
    for (const mem_tlp& c : make_read_completions(rd64, vf, bytes(12, 0x5A), 64, 128)) {
        v.push_back(c);
    }
    std::vector<bytes> out;
    for (const mem_tlp& t : v) {
        out.push_back(encode(t));
    }
    return out;
}

// Every seed as bytes: config TLPs, then memory TLPs.
std::vector<bytes> seed_bytes() {
    std::vector<bytes> out;
    for (const auto& t : seed_tlps()) {
        out.push_back(to_bytes(t));
    }
    for (auto& b : seed_mem_tlps()) {
        out.push_back(std::move(b));
    }
    return out;
}

struct decode_errors {
    sriov::decode_error config;
    sriov::mem_decode_error memory;
};

// Runs one input from its own exact-size heap buffer, so a sanitizer sees
// any read past the end.
decode_errors run(const bytes& input) {
    const std::unique_ptr<uint8_t[]> buf(new uint8_t[input.size() + (input.empty() ? 1 : 0)]);
    std::copy(input.begin(), input.end(), buf.get());
    LLVMFuzzerTestOneInput(buf.get(), input.size());
    return {sriov::decode(buf.get(), input.size()).error,
            sriov::decode_mem(buf.get(), input.size()).error};
}

bytes read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int write_corpus(const fs::path& dir) {
    fs::remove_all(dir / "work");
    fs::create_directories(dir / "work");
    fs::create_directories(dir / "seeds");
    int n = 0;
    for (const bytes& b : seed_bytes()) {
        std::ofstream out(dir / "seeds" / ("seed_" + std::to_string(n++) + ".bin"),
                          std::ios::binary);
        out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    }
    std::printf("wrote %d seeds to %s\n", n, (dir / "seeds").c_str());
    return 0;
}

class generator {
public:
    explicit generator(uint64_t seed) : rng_(seed), seeds_(seed_bytes()) {}

    bytes next() {
        switch (below(5)) {
        case 0:
            return random_bytes();
        case 1:
            return random_fields();
        case 2:
            return random_mem_header();
        default:
            return mutated();
        }
    }

private:
    uint64_t below(uint64_t n) { return rng_() % n; }
    uint8_t byte() { return static_cast<uint8_t>(rng_()); }

    bytes random_bytes() {
        bytes b(below(21));
        for (auto& x : b) {
            x = byte();
        }
        return b;
    }

    // Random values in every field (mostly in range, often spec-legal).
    bytes random_fields() {
        using namespace sriov;
        static const tlp_type types[] = {tlp_type::cfg_rd0, tlp_type::cfg_wr0, tlp_type::cfg_rd1,
                                         tlp_type::cfg_wr1, tlp_type::cpl,     tlp_type::cpl_d};
        static const completion_status statuses[] = {
            completion_status::successful, completion_status::unsupported_request,
            completion_status::config_request_retry, completion_status::completer_abort};
        const bool legal = below(2) == 0;
        tlp t = make_cfg_read(routing_id(static_cast<uint16_t>(rng_())),
                              static_cast<uint16_t>(below(1024)),
                              routing_id(static_cast<uint16_t>(rng_())),
                              static_cast<uint16_t>(below(1024)), static_cast<uint8_t>(below(16)));
        t.type = types[below(6)];
        t.data = static_cast<uint32_t>(rng_());
        t.status = statuses[below(4)];
        if (is_completion(t.type)) {
            t.length_dw = t.type == tlp_type::cpl_d ? 1 : 0;
            if (t.type == tlp_type::cpl_d && legal) {
                t.status = completion_status::successful;
            }
        }
        if (!legal) {
            t.tc = static_cast<uint8_t>(below(8));
            t.relaxed_ordering = below(4) == 0;
            t.no_snoop = below(4) == 0;
            t.id_based_ordering = below(4) == 0;
            t.ep = below(2) == 0;
            t.td = below(8) == 0;
            t.length_dw = static_cast<uint16_t>(below(8) == 0 ? below(1024) : t.length_dw);
            t.last_be = static_cast<uint8_t>(below(4) == 0 ? below(16) : 0);
            t.bcm = below(8) == 0;
            t.byte_count = static_cast<uint16_t>(below(4) == 0 ? below(4096) : 4);
            t.lower_address = static_cast<uint8_t>(below(4) == 0 ? below(128) : 0);
        }
        return to_bytes(t);
    }

    // A memory request or completion header with random fields and a payload
    // of roughly the announced length.
    bytes random_mem_header() {
        static const uint8_t types[] = {0x00, 0x20, 0x40, 0x60, 0x0A, 0x4A};
        const uint8_t type = types[below(6)];
        const unsigned length = static_cast<unsigned>(below(8) == 0 ? below(1024) : below(5));
        bytes b((type & 0x20) != 0 ? 16 : 12);
        for (auto& x : b) {
            x = below(4) == 0 ? byte() : 0;
        }
        b[0] = type;
        b[2] = static_cast<uint8_t>(below(4) == 0 ? b[2] : 0);
        b[3] = static_cast<uint8_t>(length);
        b[7] = byte();
        b[8] = static_cast<uint8_t>((type & 0x20) != 0 && below(2) == 0 ? 0 : b[8]);
        b[b.size() - 1] = static_cast<uint8_t>(below(2) == 0 ? b[b.size() - 1] & 0xFC : byte());
        std::size_t payload = (type & 0x40) != 0 ? 4 * length : 0;
        if (below(4) == 0) {
            payload = below(payload + 8);
        }
        for (std::size_t i = 0; i < payload; ++i) {
            b.push_back(byte());
        }
        return b;
    }

    bytes mutated() {
        bytes b = seeds_[below(seeds_.size())];
        const uint64_t n = 1 + below(3);
        for (uint64_t i = 0; i < n; ++i) {
            switch (below(6)) {
            case 0:
            case 1:
            case 2:
                if (!b.empty()) {
                    b[below(b.size())] ^= static_cast<uint8_t>(1u << below(8));
                }
                break;
            case 3:
                if (!b.empty()) {
                    b[below(b.size())] = byte();
                }
                break;
            case 4:
                b.resize(below(b.size() + 1));
                break;
            default:
                b.insert(b.begin() + static_cast<std::ptrdiff_t>(below(b.size() + 1)),
                         static_cast<std::size_t>(1 + below(4)), byte());
                break;
            }
        }
        return b;
    }

    std::mt19937_64 rng_;
    std::vector<bytes> seeds_;
};

} // namespace

int main(int argc, char* argv[]) {
    uint64_t random_inputs = 2'000'000;
    uint64_t seed = 1;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--write-corpus" && i + 1 < argc) {
            return write_corpus(argv[++i]);
        } else if (a == "--random" && i + 1 < argc) {
            random_inputs = std::stoull(argv[++i]);
        } else if (a == "--seed" && i + 1 < argc) {
            seed = std::stoull(argv[++i]);
        } else {
            paths.push_back(a);
        }
    }

    std::map<sriov::decode_error, uint64_t> seen;
    std::map<sriov::mem_decode_error, uint64_t> seen_mem;
    uint64_t total = 0;
    for (const auto& t : seed_tlps()) {
        if (run(to_bytes(t)).config != sriov::decode_error::none) {
            std::fprintf(stderr, "seed TLP %s does not decode\n", sriov::to_string(t.type));
            return 1;
        }
        ++total;
    }
    for (const bytes& b : seed_mem_tlps()) {
        if (run(b).memory != sriov::mem_decode_error::none) {
            std::fprintf(stderr, "memory seed TLP %s does not decode\n",
                         sriov::to_string(static_cast<sriov::mem_tlp_type>(b[0])));
            return 1;
        }
        ++total;
    }
    auto count = [&](const bytes& b) {
        const decode_errors e = run(b);
        seen[e.config]++;
        seen_mem[e.memory]++;
        ++total;
    };
    for (const auto& p : paths) {
        std::vector<fs::path> files;
        if (fs::is_directory(p)) {
            for (const auto& e : fs::directory_iterator(p)) {
                files.push_back(e.path());
            }
        } else {
            files.emplace_back(p);
        }
        for (const auto& f : files) {
            count(read_file(f));
        }
    }
    generator gen(seed);
    for (uint64_t i = 0; i < random_inputs; ++i) {
        count(gen.next());
    }

    std::printf("%llu inputs (seed %llu):\n", static_cast<unsigned long long>(total),
                static_cast<unsigned long long>(seed));
    for (const auto& [e, n] : seen) {
        std::printf("  %-28s %llu\n", sriov::to_string(e), static_cast<unsigned long long>(n));
    }
    std::printf("memory TLP decoder:\n");
    for (const auto& [e, n] : seen_mem) {
        std::printf("  %-28s %llu\n", sriov::to_string(e), static_cast<unsigned long long>(n));
    }
    // A generator that stopped reaching a rule would make this test vacuous.
    if (random_inputs >= 100'000) {
        for (auto e = sriov::decode_error::none; e != sriov::decode_error::field_out_of_range;
             e = static_cast<sriov::decode_error>(static_cast<int>(e) + 1)) {
            if (seen[e] == 0) {
                std::fprintf(stderr, "no random input reached %s\n", sriov::to_string(e));
                return 1;
            }
        }
        // Struct-only errors (a field no byte string can express) are skipped.
        for (auto e = sriov::mem_decode_error::none;
             e != sriov::mem_decode_error::field_out_of_range;
             e = static_cast<sriov::mem_decode_error>(static_cast<int>(e) + 1)) {
            const bool struct_only = e == sriov::mem_decode_error::address_too_wide ||
                                     e == sriov::mem_decode_error::unaligned_address;
            if (!struct_only && seen_mem[e] == 0) {
                std::fprintf(stderr, "no random input reached memory %s\n", sriov::to_string(e));
                return 1;
            }
        }
    }
    return 0;
}
