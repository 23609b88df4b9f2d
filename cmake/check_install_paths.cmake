# A CTest step (cmake/SriovInstall.cmake): installs the build into PREFIX and
# fails when any installed file, binaries included (file(STRINGS) reads the
# printable strings of a binary as `strings` does), names the source or the
# build folder of this machine.
#   cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DPREFIX=<scratch>
#         -P check_install_paths.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${PREFIX} failed: ${rc}")
endif()
file(GLOB_RECURSE installed LIST_DIRECTORIES false ${PREFIX}/*)
list(LENGTH installed count)
set(found "")
foreach(f ${installed})
    foreach(path ${SOURCE} ${BUILD})
        file(STRINGS ${f} hits REGEX "${path}")
        if(hits)
            list(GET hits 0 hits)
            list(APPEND found "${f}: ${hits}")
        endif()
    endforeach()
endforeach()
if(found)
    list(JOIN found "\n" found)
    message(FATAL_ERROR "installed files name ${SOURCE} or ${BUILD}:\n${found}")
endif()
message(STATUS "${count} installed files, none names ${SOURCE} or ${BUILD}")
file(REMOVE_RECURSE ${PREFIX})
