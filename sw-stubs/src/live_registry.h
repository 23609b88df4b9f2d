// Internal: the set of live model objects of one kind, so that a Context or
// handle coming back from driver code is checked before it is dereferenced.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <utility>

namespace sriov::sw_stubs::detail {

template <typename T>
class live_registry {
public:
    static void add(const void* key, T* obj) { map()[key] = obj; }
    static void remove(const void* key) { map().erase(key); }
    static T* find(const void* key) {
        if (key == nullptr) {
            return nullptr;
        }
        auto it = map().find(key);
        return it == map().end() ? nullptr : it->second;
    }

private:
    static std::map<const void*, T*>& map() {
        static std::map<const void*, T*> m;
        return m;
    }
};

} // namespace sriov::sw_stubs::detail
