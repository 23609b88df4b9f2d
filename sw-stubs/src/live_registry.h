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
    // Never destroyed: model objects owned by other statics may unregister
    // during exit, after a function-local static map would already be gone.
    static std::map<const void*, T*>& map() {
        static auto* m = new std::map<const void*, T*>;
        return *m;
    }
};

} // namespace sriov::sw_stubs::detail
