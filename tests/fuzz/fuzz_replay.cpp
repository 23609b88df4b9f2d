#include "fuzz_replay.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace sriov::fuzz {

namespace {

using bytes = std::vector<uint8_t>;
namespace fs = std::filesystem;

bytes read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void collect(const fs::path& p, std::vector<bytes>& out) {
    if (fs::is_directory(p)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(p)) {
            if (e.is_regular_file()) {
                files.push_back(e.path());
            }
        }
        std::sort(files.begin(), files.end()); // the same order on every machine
        for (const auto& f : files) {
            out.push_back(read_file(f));
        }
    } else {
        out.push_back(read_file(p));
    }
}

// One of libFuzzer's basic mutations, chosen at random.
bytes mutate(const std::vector<bytes>& corpus, std::mt19937_64& rng, std::size_t max_len) {
    bytes b = corpus[rng() % corpus.size()];
    const unsigned edits = 1 + static_cast<unsigned>(rng() % 8);
    for (unsigned e = 0; e < edits; ++e) {
        const std::size_t at = b.empty() ? 0 : rng() % b.size();
        switch (rng() % 5) {
        case 0: // flip a bit
            if (!b.empty()) {
                b[at] = static_cast<uint8_t>(b[at] ^ (1u << (rng() % 8)));
            }
            break;
        case 1: // overwrite a byte
            if (!b.empty()) {
                b[at] = static_cast<uint8_t>(rng());
            }
            break;
        case 2: // insert a byte
            b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<uint8_t>(rng()));
            break;
        case 3: // delete a run
            if (!b.empty()) {
                const std::size_t n = std::min<std::size_t>(1 + rng() % 16, b.size() - at);
                b.erase(b.begin() + static_cast<std::ptrdiff_t>(at),
                        b.begin() + static_cast<std::ptrdiff_t>(at + n));
            }
            break;
        default: { // splice in a piece of another input
            const bytes& o = corpus[rng() % corpus.size()];
            if (!o.empty()) {
                const std::size_t from = rng() % o.size();
                const std::size_t n = std::min<std::size_t>(1 + rng() % 64, o.size() - from);
                b.insert(b.begin() + static_cast<std::ptrdiff_t>(at),
                         o.begin() + static_cast<std::ptrdiff_t>(from),
                         o.begin() + static_cast<std::ptrdiff_t>(from + n));
            }
            break;
        }
        }
    }
    if (b.size() > max_len) {
        b.resize(max_len);
    }
    return b;
}

} // namespace

int replay_main(int argc, char* argv[]) {
    unsigned long long random = 0;
    unsigned long long seed = 1;
    std::size_t max_len = 4096;
    std::vector<bytes> corpus;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--random" || a == "--seed" || a == "--max-len") && i + 1 < argc) {
            const unsigned long long v = std::strtoull(argv[++i], nullptr, 0);
            if (a == "--random") {
                random = v;
            } else if (a == "--seed") {
                seed = v;
            } else {
                max_len = static_cast<std::size_t>(v);
            }
        } else if (a.rfind("--", 0) == 0) {
            std::fprintf(stderr, "usage: %s [--random N] [--seed S] [--max-len L] FILE|DIR ...\n",
                         argv[0]);
            return 2;
        } else {
            collect(a, corpus);
        }
    }
    if (corpus.empty()) {
        corpus.emplace_back(); // mutations start from the empty input
    }
    for (const bytes& b : corpus) {
        LLVMFuzzerTestOneInput(b.data(), b.size());
    }
    std::mt19937_64 rng(seed);
    for (unsigned long long n = 0; n < random; ++n) {
        const bytes b = mutate(corpus, rng, max_len);
        LLVMFuzzerTestOneInput(b.data(), b.size());
    }
    std::printf("%zu corpus inputs and %llu mutated inputs ran\n", corpus.size(), random);
    return 0;
}

} // namespace sriov::fuzz
