import CCurses
import LabUI
