/* SPDX-License-Identifier: MIT */
/* Memory-management bring-up (mm/init.c). */
#pragma once

#include <kernel/types.h>

/* Build memblock, the page tables, struct pages and zones. Context: boot, once. */
void mm_init(void);

/* rdtsc() when memory was ready (start_kernel records its own entry time). */
extern u64 mm_ready_tsc;
