#pragma once
#include <kernel/compiler.h>
enum system_states { SYSTEM_BOOTING, SYSTEM_RUNNING, SYSTEM_HALT, };
extern enum system_states system_state;
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
