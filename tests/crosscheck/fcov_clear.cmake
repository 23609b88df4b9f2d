# The setup test of a label's functional coverage (tests/crosscheck):
# `cmake -DFOLDER=xcheck-fcov/<label> -P fcov_clear.cmake` empties FOLDER,
# resolved as sriov-xcheck resolves its result paths (tb/farm/results_dir.h):
# under $SRIOV_RESULTS_DIR when it is set, else the working directory.
if(IS_ABSOLUTE "${FOLDER}" OR "$ENV{SRIOV_RESULTS_DIR}" STREQUAL "")
    set(folder "${FOLDER}")
else()
    set(folder "$ENV{SRIOV_RESULTS_DIR}/${FOLDER}")
endif()
file(REMOVE_RECURSE "${folder}")
