#ifndef CCURSES_H
#define CCURSES_H

#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>
#include <wchar.h>

// Macros that Swift cannot import, as functions.
static inline attr_t ccurses_a_bold(void) { return A_BOLD; }
static inline attr_t ccurses_a_reverse(void) { return A_REVERSE; }
static inline attr_t ccurses_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ccurses_a_dim(void) { return A_DIM; }
static inline int ccurses_key_f(int n) { return KEY_F(n); }
static inline mmask_t ccurses_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t ccurses_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ccurses_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ccurses_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ccurses_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline WINDOW *ccurses_stdscr(void) { return stdscr; }

#endif
