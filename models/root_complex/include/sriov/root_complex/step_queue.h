// The queue moved to sriov/tlp/step_queue.h (the endpoint uses it too).
#pragma once

#include "sriov/tlp/step_queue.h"

namespace sriov::root_complex {
using sriov::step_queue;
} // namespace sriov::root_complex
