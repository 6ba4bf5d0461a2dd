import LabUI
import Testing

@Test func scratch() {
    let state = Fixtures.session()
    print(render(state, width: 80, height: 24).plainText())
    let ja = Fixtures.session(language: .ja)
    print(render(ja, width: 80, height: 24).plainText())
}
