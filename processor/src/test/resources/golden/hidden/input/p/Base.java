package p;

public class Base {
  int count;
  private String label;

  String getLabel() {
    return label;
  }

  void setLabel(String label) {
    this.label = label;
  }
}
